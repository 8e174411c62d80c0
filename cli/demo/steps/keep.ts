// What the demo leaves for a person to look at: the migration repository cloned with its whole history
// (every pull request's merge, the plan tag, the audit branch) into the work folder's repo/.
import { join } from 'node:path';
import { PEOPLE, type DemoContext } from '../context.js';
import { clone, gitAs } from '../git.js';

export async function cloneRepository(ctx: DemoContext): Promise<string> {
  const carol = ctx.gh.people.as(PEOPLE.author);
  const dir = join(ctx.work, 'repo');
  await clone(ctx.cloneUrl, dir, carol.token, 'main');
  const git = gitAs(dir, carol.token, { name: carol.login, email: `${carol.login}@users.playground.test` });
  await git.fetch(['--quiet', '--tags', 'origin', '+refs/heads/migration-audit:refs/remotes/origin/migration-audit']);
  const commits = (await git.raw(['rev-list', '--count', 'HEAD'])).trim();
  const tags = (await git.raw(['tag', '--list'])).trim().split('\n').filter(Boolean);
  ctx.out(`      cloned into ${dir}: ${commits} commits on main, tags ${tags.join(', ') || 'none'}, branch origin/migration-audit`);
  return dir;
}
