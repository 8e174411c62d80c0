// Simulated people: accounts, organisations, teams and repositories are set up directly; what people
// *do* (push, open a pull request, review, comment, react, merge) goes through the REST API with their
// own token, so it is validated, traced and announced exactly like a real person's action.
import { Octokit } from '@octokit/rest';
import { issueToken } from '../server/auth.js';
import { generateSshKey, type SshKeyPair } from '../git/sshsig.js';
import { nodeId, installationShape, userShape } from '../api/shapes.js';
import type { Sim } from '../sim.js';
import { commitFiles, createRepo, personOf } from '../state/repos.js';
import type { Installation, Repo } from '../state/types.js';
import { Person } from './person.js';
import { openPull } from '../api/pulls.js';
import { readRef } from '../git/refs.js';

export interface UserOptions {
  readonly name?: string;
  readonly email?: string;
  /** Make and register an SSH signing key for this user (commits they sign through people are verified). */
  readonly signing?: boolean;
}

export interface RepoOptions {
  readonly private?: boolean;
  readonly defaultBranch?: string;
  readonly description?: string;
  /** Files of the initial commit on the default branch (none: an empty repository). */
  readonly files?: Readonly<Record<string, string>>;
  readonly collaborators?: readonly string[];
}

export class People {
  private readonly persons = new Map<string, Person>();
  readonly keys = new Map<string, SshKeyPair>();

  constructor(private readonly sim: Sim) {}

  createUser(login: string, opts: UserOptions = {}): Person {
    const { store } = this.sim;
    if (!store.account(login)) {
      const id = store.nextId();
      store.addAccount({
        id, login, type: 'User', name: opts.name ?? login, email: opts.email ?? `${login}@users.playground.test`,
        signingKeys: [], createdAt: store.now(),
      });
    }
    if (opts.signing && !this.keys.has(login.toLowerCase())) {
      const key = generateSshKey();
      this.keys.set(login.toLowerCase(), key);
      store.account(login)!.signingKeys.push(key.publicKey);
    }
    return this.as(login);
  }

  /** Registers an existing SSH public key ("ssh-ed25519 AAAA...") as a signing key of the user. */
  addSigningKey(login: string, publicKey: string): void {
    const account = this.sim.store.account(login);
    if (!account) throw new Error(`no user ${login}`);
    account.signingKeys.push(publicKey.trim());
  }

  createOrg(login: string, members: readonly string[] = []): void {
    const { store } = this.sim;
    if (!store.account(login)) {
      store.addAccount({ id: store.nextId(), login, type: 'Organization', name: login, email: null, signingKeys: [], createdAt: store.now() });
    }
    const set = store.orgMembers.get(login.toLowerCase()) ?? new Set<string>();
    for (const m of members) set.add(m.toLowerCase());
    store.orgMembers.set(login.toLowerCase(), set);
  }

  createTeam(org: string, slug: string, members: readonly string[], opts: { name?: string; maintainers?: readonly string[] } = {}): void {
    this.createOrg(org, [...members, ...(opts.maintainers ?? [])]);
    const map = new Map<string, 'member' | 'maintainer'>();
    for (const m of members) map.set(m.toLowerCase(), 'member');
    for (const m of opts.maintainers ?? []) map.set(m.toLowerCase(), 'maintainer');
    this.sim.store.addTeam({ id: this.sim.store.nextId(), org: this.sim.store.account(org)!.login, slug, name: opts.name ?? slug, description: null, members: map });
  }

  /** Creates a repository; with files, its first commit (by the owner, or the first org member) is on the default branch. */
  createRepo(fullName: string, opts: RepoOptions = {}): Repo {
    const [owner, name] = fullName.split('/') as [string, string];
    if (!this.sim.store.account(owner)) this.createUser(owner);
    const repo = createRepo(this.sim, owner, name, opts);
    for (const c of opts.collaborators ?? []) repo.collaborators.add(c.toLowerCase());
    if (opts.files && Object.keys(opts.files).length > 0) {
      const author = this.sim.store.account(owner)!.type === 'Organization'
        ? [...(this.sim.store.orgMembers.get(owner.toLowerCase()) ?? [])][0] ?? owner : owner;
      commitFiles(this.sim, repo, { branch: repo.defaultBranch, files: opts.files, message: 'Initial commit', author: personOf(this.sim, author) }, author);
    }
    return repo;
  }

  /** Installs the app on an account (all its repositories, or the named ones) and announces it. */
  installApp(account: string, repositories?: readonly string[]): Installation {
    const { sim } = this;
    const repos = [...sim.store.repos.values()].filter((r) => r.owner.toLowerCase() === account.toLowerCase());
    const inst: Installation = {
      id: sim.store.nextId(), account: sim.store.account(account)?.login ?? account,
      repoIds: repositories ? repos.filter((r) => repositories.includes(r.name)).map((r) => r.id) : null,
      permissions: { ...sim.app.registration.permissions }, events: [...sim.app.registration.events], createdAt: sim.store.now(),
    };
    sim.store.installations.set(inst.id, inst);
    const covered = inst.repoIds === null ? repos : repos.filter((r) => inst.repoIds!.includes(r.id));
    const sender = sim.store.account(account)?.type === 'Organization' ? [...(sim.store.orgMembers.get(account.toLowerCase()) ?? [account])][0]! : account;
    sim.webhooks.emit('installation', {
      action: 'created', installation: installationShape(sim, inst, true), sender: userShape(sim, sender),
      repositories: covered.map((r) => ({ id: r.id, node_id: nodeId('Repository', r.id), name: r.name, full_name: `${r.owner}/${r.name}`, private: r.private })),
    });
    return inst;
  }

  /**
   * Opens a pull request at once, without HTTP: commits `files` on a new branch `head` (from the default
   * branch) as `author` and opens the PR. For tests that need many PRs quickly (webhooks are still emitted).
   */
  openPullNow(fullName: string, author: string, input: { head: string; title: string; files: Readonly<Record<string, string>>; body?: string }): number {
    const repo = this.sim.store.repo(...(fullName.split('/') as [string, string]));
    if (!repo) throw new Error(`no repository ${fullName}`);
    const from = readRef(repo.dir, `refs/heads/${repo.defaultBranch}`);
    commitFiles(this.sim, repo, {
      branch: input.head, files: input.files, message: input.title, author: personOf(this.sim, author), ...(from ? { parent: from } : {}),
    }, author);
    return openPull(this.sim, repo, author, { title: input.title, body: input.body ?? null, head: input.head, base: repo.defaultBranch }).number;
  }

  /** Acts as an existing user. */
  as(login: string): Person {
    const key = login.toLowerCase();
    let person = this.persons.get(key);
    if (!person) {
      if (!this.sim.store.account(login)) throw new Error(`no user ${login}: create it with people.createUser first`);
      const token = issueToken(this.sim, { kind: 'user', login: this.sim.store.account(login)!.login }, 'ghu_');
      const octokit = new Octokit({ auth: token.token, baseUrl: this.sim.url, request: { retries: 0 } });
      person = new Person(this.sim, this.sim.store.account(login)!.login, token.token, octokit, () => this.keys.get(key));
      this.persons.set(key, person);
    }
    return person;
  }
}
