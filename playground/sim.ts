// One simulator instance: its state, its keys, its URLs and the services the API handlers share.
// Everything a handler needs reaches it through this object; nothing is global except the compiled
// validators of GitHub's descriptions, which are the same for every instance.
import type { KeyObject } from 'node:crypto';
import { join } from 'node:path';
import type { SshKeyPair } from './git/sshsig.js';
import { verify, type Verification } from './git/verification.js';
import type { OpenApiDescription } from './server/openapi.js';
import type { RateLimits } from './server/rate-limit.js';
import type { AppRegistration } from './state/manifest.js';
import type { Actor } from './server/route.js';
import { Store } from './state/store.js';
import { Transaction } from './state/transaction.js';
import type { Repo, RepoRole } from './state/types.js';
import type { Webhooks } from './webhooks/deliver.js';
import type { Actions } from './actions/triggers.js';

export interface AppInfo {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly clientId: string;
  readonly privateKeyPem: string;
  readonly publicKey: KeyObject;
  readonly webhookSecret: string;
  /** The owner account of the app. */
  readonly owner: string;
  /** Its permissions and webhook events (from app.yml unless the caller registered others). */
  readonly registration: AppRegistration;
}

export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly operationId: string | null;
  readonly status: number;
  readonly actor: string | null;
}

export class Sim {
  readonly store = new Store();
  /** Mismatches with GitHub's descriptions seen so far (requests, responses, webhooks). */
  readonly violations: string[] = [];
  /** Every request served, in order (also when no trace file is written). */
  readonly requests: RequestRecord[] = [];
  url = '';
  webhooks!: Webhooks;
  actions!: Actions;
  private tx: Transaction | null = null;

  constructor(
    readonly dataDir: string,
    readonly app: AppInfo,
    readonly webFlowKey: SshKeyPair,
    /** GitHub's description: requests are always checked against it. */
    readonly description: OpenApiDescription,
    /** Also check responses and webhooks against GitHub's descriptions (tests and traces). */
    readonly checkResponses: boolean,
    readonly rateLimits: RateLimits,
  ) {}

  /**
   * Runs a REST handler as a transaction (state/transaction.ts): returns its result and the transaction,
   * which the caller commits once the answer is known good, or rolls back. Handlers are synchronous, so
   * no other request runs inside one.
   */
  transaction<T>(repo: Repo | undefined, handler: () => T): { result: T; tx: Transaction } {
    const tx = new Transaction(this.store, repo);
    this.tx = tx;
    try {
      return { result: handler(), tx };
    } catch (e) {
      tx.rollback();
      throw e;
    } finally {
      this.tx = null;
    }
  }

  /** Runs `effect` now, or, inside a request, once the request has succeeded (webhooks, workflow triggers). */
  defer(effect: () => void): void {
    if (this.tx) this.tx.defer(effect);
    else effect();
  }

  /** Where people and git clients reach repositories: html_url and clone URLs live under it. */
  get webUrl(): string {
    return `${this.url}/git`;
  }

  repoDir(owner: string, name: string): string {
    return join(this.dataDir, 'repos', owner.toLowerCase(), `${name.toLowerCase()}.git`);
  }

  verification(signature: string | null, payload: string, email: string): Verification {
    return verify({
      webFlowKey: this.webFlowKey.publicKey,
      owners: () => this.store.accounts.values(),
      now: () => this.store.now(),
    }, signature, payload, email);
  }

  /** Whether `actor` may see `repo`: public, or in the token's scope, or the user has a role on it. */
  canRead(repo: Repo, actor: Actor): boolean {
    if (actor.kind === 'installation') return this.tokenCovers(actor, repo);
    if (!repo.private) return true;
    return actor.kind === 'user' && this.roleOf(repo, actor.login) !== null;
  }

  /** Push access: an installation token whose scope covers the repository, or a user with write, maintain or admin. */
  canWrite(repo: Repo, actor: Actor): boolean {
    if (actor.kind === 'installation') return this.tokenCovers(actor, repo);
    if (actor.kind !== 'user') return false;
    const role = this.roleOf(repo, actor.login);
    return role === 'write' || role === 'maintain' || role === 'admin';
  }

  /**
   * A user's role on a repository, as GitHub's collaborator permission reports it: admin for the owner, the
   * role given to a collaborator or organisation member (write unless set otherwise, the organisation's
   * base permission here), read for anyone else on a public repository, null when they cannot see it.
   */
  roleOf(repo: Repo, login: string): RepoRole | null {
    const l = login.toLowerCase();
    if (repo.owner.toLowerCase() === l) return 'admin';
    const given = repo.roles?.[l];
    if (given) return given;
    if (repo.collaborators.has(l) || this.store.isOrgMember(repo.owner, l)) return 'write';
    return repo.private ? null : 'read';
  }

  private tokenCovers(actor: Extract<Actor, { kind: 'installation' }>, repo: Repo): boolean {
    const inst = this.store.installations.get(actor.installationId);
    if (!inst || inst.account.toLowerCase() !== repo.owner.toLowerCase()) return false;
    if (inst.repoIds && !inst.repoIds.includes(repo.id)) return false;
    return actor.repoIds === null || actor.repoIds.includes(repo.id);
  }
}
