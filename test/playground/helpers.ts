// Shared set-up for the playground tests: a simulator with an org, people, a repository and the app installed.
import { ProbotOctokit } from 'probot';
import { startPlayground, type Playground } from '../../playground/index.js';

export interface World {
  readonly gh: Playground;
  readonly repo: string;
  /** An Octokit authenticated as the app's installation on acme. */
  readonly app: InstanceType<typeof ProbotOctokit>;
  readonly installationId: number;
}

export async function world(files: Record<string, string> = { 'README.md': '# mig\n' }): Promise<World> {
  const gh = await startPlayground();
  gh.people.createUser('carol');
  gh.people.createUser('alice', { signing: true });
  gh.people.createUser('dora');
  gh.people.createOrg('acme', ['carol', 'alice', 'dora']);
  gh.people.createTeam('acme', 'data-leads', ['alice']);
  gh.people.createRepo('acme/mig', { files, private: true });
  const inst = gh.people.installApp('acme');
  const app = new ProbotOctokit({
    baseUrl: gh.url,
    auth: { appId: gh.app.id, privateKey: gh.app.privateKeyPem, installationId: inst.id },
    request: { retries: 0 },
  });
  return { gh, repo: 'acme/mig', app, installationId: inst.id };
}
