// The small world `migration-copilot playground` starts with: an organisation with the people of the
// default roles, a team, one repository with the app installed. Tests build their own worlds.
import type { Playground } from './index.js';

export const SEED_PEOPLE = ['alice', 'bo', 'carol', 'dora', 'quinn', 'rita', 'sam'] as const;

export function seedWorld(gh: Playground): { org: string; repo: string; installationId: number; tokens: Record<string, string> } {
  const tokens: Record<string, string> = {};
  for (const login of SEED_PEOPLE) tokens[login] = gh.people.createUser(login, { signing: true }).token;
  gh.people.createOrg('acme', [...SEED_PEOPLE]);
  gh.people.createTeam('acme', 'data-leads', ['alice']);
  gh.people.createRepo('acme/mig', { private: true, files: { 'README.md': '# acme/mig\n\nA migration repository.\n' } });
  const installation = gh.people.installApp('acme');
  return { org: 'acme', repo: 'acme/mig', installationId: installation.id, tokens };
}
