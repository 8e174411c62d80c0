// The simulator's in-memory state. Git data lives in bare repositories on disk; everything else here.
// Records hold only what GitHub stores; the API shapes are built from them in playground/api/shapes*.ts.

export type AccountType = 'User' | 'Organization' | 'Bot';

export interface Account {
  readonly id: number;
  readonly login: string;
  readonly type: AccountType;
  name: string | null;
  email: string | null;
  /** SSH public keys ("ssh-ed25519 AAAA...") registered as signing keys: commits they sign are verified. */
  readonly signingKeys: string[];
  readonly createdAt: string;
}

export interface Team {
  readonly id: number;
  readonly org: string;
  readonly slug: string;
  name: string;
  description: string | null;
  /** login -> role */
  readonly members: Map<string, 'member' | 'maintainer'>;
}

export interface Repo {
  readonly id: number;
  readonly owner: string;
  readonly name: string;
  readonly dir: string;
  private: boolean;
  defaultBranch: string;
  description: string | null;
  readonly createdAt: string;
  updatedAt: string;
  pushedAt: string;
  /** Users (besides the owner and its organisation members) with access: write unless `roles` says otherwise. */
  readonly collaborators: Set<string>;
  /** login -> role for collaborators and organisation members whose role is not the default. */
  roles?: Record<string, RepoRole>;
  /** The repository this one is a fork of. */
  forkOf?: number;
  /** Issues and pull requests share one sequence, as on GitHub. */
  nextNumber: number;
}

export interface Installation {
  readonly id: number;
  readonly account: string;
  /** null: all repositories of the account. */
  repoIds: number[] | null;
  /** What the account granted when it installed the app (the app's registration at the time). */
  readonly permissions: Record<string, 'read' | 'write' | 'admin'>;
  readonly events: string[];
  readonly createdAt: string;
}

export interface Token {
  readonly token: string;
  readonly kind: 'installation' | 'user';
  readonly installationId?: number;
  /** For installation tokens: the repositories in scope (null: every repository of the installation). */
  readonly repoIds?: number[] | null;
  /** For installation tokens: what the token may do (undefined: not limited, e.g. a workflow's token). */
  readonly permissions?: Record<string, string>;
  readonly login: string;
  readonly expiresAt: number;
}

export interface Issue {
  readonly id: number;
  readonly repoId: number;
  readonly number: number;
  readonly user: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  readonly createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  readonly isPull: boolean;
  /** Label names, in the order they were added. */
  labels?: string[];
}

export type RepoRole = 'read' | 'triage' | 'write' | 'maintain' | 'admin';

export interface Label {
  readonly id: number;
  readonly repoId: number;
  name: string;
  color: string;
  description: string | null;
}

export interface CommitStatus {
  readonly id: number;
  readonly repoId: number;
  readonly sha: string;
  readonly state: 'error' | 'failure' | 'pending' | 'success';
  readonly context: string;
  readonly description: string | null;
  readonly targetUrl: string | null;
  readonly creator: string;
  readonly createdAt: string;
}

export interface ReviewComment {
  readonly id: number;
  readonly repoId: number;
  readonly pullNumber: number;
  readonly reviewId: number | null;
  readonly user: string;
  body: string;
  readonly path: string;
  readonly line: number;
  readonly side: 'LEFT' | 'RIGHT';
  readonly startLine: number | null;
  readonly commitId: string;
  readonly diffHunk: string;
  readonly position: number;
  readonly inReplyTo: number | null;
  readonly createdAt: string;
  updatedAt: string;
}

/** What an issue's timeline shows besides comments and reviews. */
export interface IssueEvent {
  readonly id: number;
  readonly repoId: number;
  readonly issueNumber: number;
  readonly event: 'labeled' | 'unlabeled' | 'closed' | 'reopened' | 'review_requested' | 'merged' | 'renamed';
  readonly actor: string;
  readonly createdAt: string;
  readonly label?: string;
  readonly reviewer?: string;
  readonly team?: string;
  readonly commitId?: string;
  readonly rename?: { from: string; to: string };
}

export interface BranchProtection {
  readonly repoId: number;
  readonly branch: string;
  /** Check names (check runs or commit status contexts) that must pass before a merge; null: none required. */
  requiredChecks: { strict: boolean; contexts: string[] } | null;
  requiredReviews: { count: number; dismissStale: boolean; codeOwners: boolean } | null;
  enforceAdmins: boolean;
}

export interface Pull {
  readonly id: number;
  readonly repoId: number;
  readonly number: number;
  readonly issueId: number;
  readonly user: string;
  head: { ref: string; sha: string; /** the fork the head branch lives in (undefined: the base repository) */ repoId?: number };
  base: { ref: string; sha: string };
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  requestedReviewers: string[];
  requestedTeams: string[];
}

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

export interface Review {
  readonly id: number;
  readonly repoId: number;
  readonly pullNumber: number;
  readonly user: string;
  body: string;
  state: ReviewState;
  readonly commitId: string;
  submittedAt: string | null;
}

export interface IssueComment {
  readonly id: number;
  readonly repoId: number;
  readonly issueNumber: number;
  readonly user: string;
  body: string;
  readonly createdAt: string;
  updatedAt: string;
}

export interface Reaction {
  readonly id: number;
  /** "issue:<issueId>" or "comment:<commentId>" */
  readonly subject: string;
  readonly user: string;
  readonly content: string;
  readonly createdAt: string;
}

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

export interface CheckRun {
  readonly id: number;
  readonly repoId: number;
  readonly suiteId: number;
  readonly appId: number;
  headSha: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  externalId: string | null;
  detailsUrl: string | null;
  output: { title: string | null; summary: string | null; text: string | null; annotations: Annotation[] };
}

export interface CheckSuite {
  readonly id: number;
  readonly repoId: number;
  readonly appId: number;
  readonly headSha: string;
  readonly headBranch: string | null;
  readonly createdAt: string;
  updatedAt: string;
}

export interface WorkflowRun {
  readonly id: number;
  readonly repoId: number;
  readonly runNumber: number;
  readonly workflowPath: string;
  readonly workflowName: string;
  readonly event: 'push' | 'workflow_dispatch';
  readonly headBranch: string | null;
  readonly headSha: string;
  readonly ref: string;
  readonly actor: string;
  readonly inputs: Record<string, unknown>;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | null;
  readonly createdAt: string;
  updatedAt: string;
}
