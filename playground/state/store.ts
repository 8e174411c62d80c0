// All state of one simulator instance, in memory. Lookups that GitHub answers with 404 return
// undefined here; the API layer turns that into GitHub's error.
import type {
  Account, BranchProtection, CheckRun, CheckSuite, CommitStatus, Installation, Issue, IssueComment, IssueEvent, Label, Pull, Reaction,
  Repo, Review, ReviewComment, Team, Token, WorkflowRun,
} from './types.js';

export class Store {
  private lastId = 1000;
  readonly accounts = new Map<string, Account>();
  /** org login -> member logins */
  readonly orgMembers = new Map<string, Set<string>>();
  readonly teams = new Map<string, Team>();
  readonly repos = new Map<number, Repo>();
  readonly installations = new Map<number, Installation>();
  readonly tokens = new Map<string, Token>();
  readonly issues = new Map<string, Issue>();
  readonly pulls = new Map<string, Pull>();
  readonly reviews = new Map<number, Review>();
  readonly comments = new Map<number, IssueComment>();
  readonly reactions = new Map<number, Reaction>();
  readonly checkRuns = new Map<number, CheckRun>();
  readonly checkSuites = new Map<number, CheckSuite>();
  readonly workflowRuns = new Map<number, WorkflowRun>();
  readonly statuses = new Map<number, CommitStatus>();
  /** "<repoId>/<lower-case name>" -> label */
  readonly labels = new Map<string, Label>();
  readonly reviewComments = new Map<number, ReviewComment>();
  readonly issueEvents = new Map<number, IssueEvent>();
  /** "<repoId>:<branch>" -> protection */
  readonly protections = new Map<string, BranchProtection>();
  private readonly repoByName = new Map<string, number>();

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  now(): string {
    return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  account(login: string): Account | undefined {
    return this.accounts.get(login.toLowerCase());
  }

  addAccount(account: Account): void {
    this.accounts.set(account.login.toLowerCase(), account);
  }

  repo(owner: string, name: string): Repo | undefined {
    const id = this.repoByName.get(`${owner}/${name}`.toLowerCase());
    return id === undefined ? undefined : this.repos.get(id);
  }

  addRepo(repo: Repo): void {
    this.repos.set(repo.id, repo);
    this.repoByName.set(`${repo.owner}/${repo.name}`.toLowerCase(), repo.id);
  }

  team(org: string, slug: string): Team | undefined {
    return this.teams.get(`${org}/${slug}`.toLowerCase());
  }

  addTeam(team: Team): void {
    this.teams.set(`${team.org}/${team.slug}`.toLowerCase(), team);
  }

  issue(repoId: number, number: number): Issue | undefined {
    return this.issues.get(`${repoId}#${number}`);
  }

  addIssue(issue: Issue): void {
    this.issues.set(`${issue.repoId}#${issue.number}`, issue);
  }

  pull(repoId: number, number: number): Pull | undefined {
    return this.pulls.get(`${repoId}#${number}`);
  }

  addPull(pull: Pull): void {
    this.pulls.set(`${pull.repoId}#${pull.number}`, pull);
  }

  pullsOf(repoId: number): Pull[] {
    return [...this.pulls.values()].filter((p) => p.repoId === repoId).sort((a, b) => b.number - a.number);
  }

  label(repoId: number, name: string): Label | undefined {
    return this.labels.get(`${repoId}/${name.toLowerCase()}`);
  }

  protection(repoId: number, branch: string): BranchProtection | undefined {
    return this.protections.get(`${repoId}:${branch}`);
  }

  /** Records what an issue's timeline shows (labeled, closed, review_requested, …). */
  addEvent(event: Omit<IssueEvent, 'id' | 'createdAt'>): void {
    const id = this.nextId();
    this.issueEvents.set(id, { ...event, id, createdAt: this.now() } as IssueEvent);
  }

  isOrgMember(org: string, login: string): boolean {
    return this.orgMembers.get(org.toLowerCase())?.has(login.toLowerCase()) ?? false;
  }
}
