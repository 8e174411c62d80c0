// The contract of one comment command (`/plan sign`, `/advance PLANNED`): its name, the arguments it takes,
// who may run it (anyone with write access, or members of named roles of the base branch's
// .migration/config.yml), in which lifecycle states (project.json on the base branch), and its handler.
// One file per command under app/commands/, listed in registry.ts; the dispatcher (index.ts) checks all of
// this before a handler runs, so a handler only does its work.
import type { AuditRequest } from '../audit/branch.js';
import type { MigrationContext } from '../../core/repo/index.js';
import type { State } from '../../core/state/index.js';
import type { RepoJob } from '../job.js';
import type { TreeSnapshot } from '../reconcile/tree-files.js';

export interface ArgSpec {
  readonly name: string;
  /** The values it may take (checked case-sensitively), or a pattern. */
  readonly values?: readonly string[];
  readonly pattern?: RegExp;
  readonly required: boolean;
  readonly describe: string;
}

export interface CommentCommand {
  /** One or two words after the slash: "help", "plan sign". */
  readonly name: string;
  readonly summary: string;
  readonly args: readonly ArgSpec[];
  /** "writers": anyone with write access; otherwise members of these roles (users or teams). */
  readonly roles: 'writers' | readonly string[];
  /** The lifecycle states it may run in ("any": every state, and a repository with no project yet). */
  readonly states: 'any' | readonly State[];
  /** True when it acts on a pull request (a comment on an issue is refused). */
  readonly needsPull: boolean;
  run(ctx: CommandContext, args: Readonly<Record<string, string>>): Promise<CommandOutcome>;
}

export interface CommandOutcome {
  /** False: the answer is no (the reply says why); a system failure throws instead. */
  readonly ok: boolean;
  /** The markdown answer, under the command's heading. */
  readonly body: string;
  /** One line for the audit entry: why it did what it did. */
  readonly reasoning: string;
  /** What the audit entry rests on (commit, plan_sha256, pull, ...). */
  readonly refs?: Readonly<Record<string, string>>;
}

export interface PullInfo {
  readonly number: number;
  readonly headSha: string;
  readonly headRef: string;
  readonly baseRef: string;
  readonly author: string;
}

/** The base branch at one commit: where every rule a command obeys comes from. */
export interface BaseRules {
  readonly ref: string;
  readonly sha: string;
  readonly files: TreeSnapshot;
  readonly repo: MigrationContext;
  /** project.json's state and project_id; undefined when the base has no valid project.json. */
  readonly state: State | undefined;
  readonly projectId: string | undefined;
}

export interface CommandContext {
  readonly job: RepoJob;
  readonly actor: string;
  /** The issue or pull request the comment is on. */
  readonly issueNumber: number;
  readonly pull: PullInfo | undefined;
  readonly base: BaseRules;
  readonly commentId: number;
  readonly now: () => Date;
  /** Every command, for /help. */
  readonly commands: readonly CommentCommand[];
  /** Appends to the audit branch (keyed; a redelivery appends nothing). */
  audit(request: Omit<AuditRequest, 'project_id'>): Promise<void>;
}
