// The demo's world on the simulator: organisation acme and its people (carol writes the plan; alice, dora,
// sam, quinn, bo and rita fill the roles of .migration/config.yml, alice also as a member of team
// acme/data-leads, the code owner of every file; rita merges), the
// repository acme/demo-orders-migration with the example on main (the plan held back for the pull
// request). The app is installed once it listens (cli/demo/flow.ts).
import type { Playground } from '../../playground/index.js';
import { FULL_NAME, OWNER } from './context.js';
import type { DemoKeys } from './keys.js';
import { repoContent } from './repo-content.js';

const PEOPLE = ['carol', 'alice', 'dora', 'sam', 'rita', 'quinn', 'bo'];

/** "ssh-ed25519 AAAA... comment" -> "ssh-ed25519 AAAA...": what an allowed_signers line carries after the principal. */
function keyOnly(publicKey: string): string {
  return publicKey.trim().split(/\s+/).slice(0, 2).join(' ');
}

export interface World {
  readonly plan: string;
  readonly files: number;
  /** allowed_signers lines the runner must trust: the app's tag key and GitHub's web-flow key. */
  readonly tagSigners: readonly string[];
}

/** example: main starts with examples/demo-migration (at PLAN_DRAFTED); otherwise with a README only, for /migrate init. */
export async function buildWorld(gh: Playground, keys: DemoKeys, artifactStore: string, example: boolean): Promise<World> {
  for (const login of PEOPLE) gh.people.createUser(login);
  // carol first: the first member makes the repository's first commit.
  gh.people.createOrg(OWNER, PEOPLE);
  gh.people.createTeam(OWNER, 'data-leads', ['alice']);
  const tagSigners = [
    `${gh.app.slug}[bot] ${keyOnly(keys.tagPublicKey)}`,
    // GitHub signs the merge commits people make with the merge button: the tag points at one.
    `web-flow ${keyOnly(gh.webFlowPublicKey)}`,
  ];
  const content = example ? await repoContent(keys, tagSigners, artifactStore) : { main: { 'README.md': '# demo-orders-migration\n\nThe migration of acme\'s orders database.\n' }, plan: '' };
  gh.people.createRepo(FULL_NAME, { private: true, files: content.main });
  return { plan: content.plan, files: Object.keys(content.main).length, tagSigners };
}
