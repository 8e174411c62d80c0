// Emits an event about a repository to the app, as GitHub does: only when an installation of the app
// covers the repository, with `repository`, `sender` and `installation` filled in.
import { repoShape, userShape, nodeId } from '../api/shapes.js';
import type { Sim } from '../sim.js';
import type { Installation, Repo } from '../state/types.js';
import type { Delivery } from './deliver.js';

export function installationFor(sim: Sim, repo: Repo): Installation | undefined {
  for (const inst of sim.store.installations.values()) {
    if (inst.account.toLowerCase() !== repo.owner.toLowerCase()) continue;
    if (inst.repoIds === null || inst.repoIds.includes(repo.id)) return inst;
  }
  return undefined;
}

export function emitRepoEvent(sim: Sim, repo: Repo, event: string, sender: string, payload: Record<string, unknown>):
  Delivery | undefined {
  const inst = installationFor(sim, repo);
  if (!inst) return undefined;
  return sim.webhooks.emit(event, {
    ...payload,
    repository: repoShape(sim, repo),
    sender: userShape(sim, sender),
    installation: { id: inst.id, node_id: nodeId('Installation', inst.id) },
  });
}
