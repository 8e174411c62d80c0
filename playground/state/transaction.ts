// One REST request as a unit, the way GitHub answers: it either happens entirely or not at all. While a
// handler runs, webhooks and workflow triggers are held back (Sim.defer); once the answer is known to be
// a success that matches GitHub's description, they go out (commit). An error answer, or a response that
// drifted from the description, restores the store and the repository's refs and drops what was held back
// (rollback), so a client's retry does not make duplicates and the app hears of nothing that did not happen.
import { listRefs, updateRef, ZERO_SHA } from '../git/refs.js';
import type { Store } from './store.js';
import type { Repo } from './types.js';

type Restore = () => void;

/** Whether a record belongs to another repository than the request's (a request changes only its own repository's). */
function elsewhere(value: unknown, repoId: number | undefined): boolean {
  if (!value || typeof value !== 'object') return false;
  const v = value as { repoId?: unknown; dir?: unknown; id?: unknown };
  if (typeof v.repoId === 'number') return v.repoId !== repoId;
  return typeof v.dir === 'string' && v.id !== repoId;
}

/**
 * Copies the records a request may change (its repository's and the account-wide ones); restoring removes
 * what was added and puts the copies back into the same objects, so references held elsewhere stay valid.
 * Ids handed out meanwhile are not reused: ids only ever grow, as on GitHub.
 */
function snapshotStore(store: Store, repoId: number | undefined): Restore {
  const maps: [Map<unknown, unknown>, Set<unknown>, Map<unknown, unknown>][] = [];
  for (const value of Object.values(store)) {
    if (!(value instanceof Map)) continue;
    const copies = new Map<unknown, unknown>();
    for (const [k, v] of value) if (!elsewhere(v, repoId)) copies.set(k, structuredClone(v));
    maps.push([value, new Set(value.keys()), copies]);
  }
  return () => {
    for (const [live, keys, saved] of maps) {
      for (const key of [...live.keys()]) if (!keys.has(key)) live.delete(key);
      for (const [key, copy] of saved) {
        const current = live.get(key);
        if (current && typeof current === 'object' && !(current instanceof Set) && !(current instanceof Map)) {
          for (const k of Object.keys(current)) if (!(k in (copy as object))) delete (current as Record<string, unknown>)[k];
          Object.assign(current, copy);
        } else {
          live.set(key, copy);
        }
      }
    }
  };
}

function snapshotRefs(repo: Repo): Restore {
  const saved = listRefs(repo.dir);
  return () => {
    const now = listRefs(repo.dir);
    for (const [ref, sha] of now) if (saved.get(ref) !== sha) updateRef(repo.dir, ref, saved.get(ref) ?? ZERO_SHA);
    for (const [ref, sha] of saved) if (!now.has(ref)) updateRef(repo.dir, ref, sha);
  };
}

export class Transaction {
  private readonly deferred: (() => void)[] = [];
  private readonly restores: Restore[];

  constructor(store: Store, repo: Repo | undefined) {
    this.restores = [snapshotStore(store, repo?.id), ...(repo ? [snapshotRefs(repo)] : [])];
  }

  defer(effect: () => void): void {
    this.deferred.push(effect);
  }

  /** Lets the held-back effects happen, in the order they were asked for. */
  commit(): void {
    for (const effect of this.deferred.splice(0)) effect();
  }

  rollback(): void {
    this.deferred.length = 0;
    for (const restore of this.restores) restore();
  }
}
