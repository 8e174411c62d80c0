// GET codeowners/errors: what GitHub finds wrong in the repository's CODEOWNERS at a ref: owners that are
// no user or team of the organisation, and lines without an owner pattern, each with its line and column.
import { readCommit } from '../git/history.js';
import { readObject } from '../git/objects.js';
import { entryAt } from '../git/tree.js';
import { notFound } from '../server/errors.js';
import { ok, type Route } from '../server/route.js';
import { CODEOWNERS_PATHS } from '../state/codeowners.js';
import { repoFor } from './common.js';
import { resolveCommit } from './resolve.js';

export const codeownersRoutes: Route[] = [
  {
    method: 'GET', path: '/repos/{owner}/{repo}/codeowners/errors', operationId: 'repos/codeowners-errors',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const sha = resolveCommit(repo, ctx.query.get('ref') ?? repo.defaultBranch);
      const tree = sha ? readCommit(repo.dir, sha)?.tree : undefined;
      if (!tree) throw notFound();
      const path = CODEOWNERS_PATHS.find((p) => entryAt(repo.dir, tree, p));
      if (!path) throw notFound();
      const text = readObject(repo.dir, entryAt(repo.dir, tree, path)!.sha)?.content.toString('utf8') ?? '';
      const errors: Record<string, unknown>[] = [];
      text.split('\n').forEach((raw, i) => {
        const line = raw.replace(/(^|\s)#.*$/, '');
        if (!line.trim()) return;
        const [, ...owners] = line.trim().split(/\s+/);
        for (const owner of owners) {
          const column = raw.indexOf(owner) + 1;
          const team = /^@([^/]+)\/(.+)$/.exec(owner);
          const known = team ? ctx.sim.store.team(team[1]!, team[2]!) !== undefined
            : owner.startsWith('@') ? ctx.sim.store.account(owner.slice(1)) !== undefined
              : /^[^@\s]+@[^@\s]+$/.test(owner) && [...ctx.sim.store.accounts.values()].some((a) => a.email?.toLowerCase() === owner.toLowerCase());
          if (!known) {
            errors.push({
              line: i + 1, column, kind: 'Unknown owner', source: raw, path,
              message: `Unknown owner on line ${i + 1}: make sure ${owner} exists and has write access to the repository\n\n  ${raw}\n  ${' '.repeat(column - 1)}^`,
            });
          }
        }
      });
      return ok({ errors });
    },
  },
];
