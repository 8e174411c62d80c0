// What the demo's steps share: the simulator, the people's and the app's handles, the work folder, and
// what earlier steps learned (pull request number, clones, shas). Steps fill it in as they go.
import type { ProbotOctokit } from 'probot';
import type { AuditInput } from '../../core/audit/entry.js';
import type { Playground } from '../../playground/index.js';
import type { RunnerGateResult } from '../../runner/gate/plan-gate.js';
import type { CommandIO } from '../command.js';
import type { GitIdentity } from './git.js';
import type { DemoKeys } from './keys.js';
import type { Timeline } from './timeline.js';

export const OWNER = 'acme';
export const NAME = 'demo-orders-migration';
export const FULL_NAME = `${OWNER}/${NAME}`;
export const BRANCH = 'plan-v1';
export const VERSION = 1;
export const PLAN_TAG = `plan/v${VERSION}`;
export const PEOPLE = { author: 'carol', releaseManager: 'rita' } as const;
/** The simulated reviewers: one per role that signing needs (PLAN_DRAFTED->PLANNED, PLANNED->EXECUTED). */
export const REVIEWERS = [
  { user: 'alice', role: 'tech_lead' },
  { user: 'dora', role: 'data_owner' },
  { user: 'sam', role: 'security' },
] as const;

export interface RunnerOutcome {
  readonly runId: number;
  readonly ref: string;
  readonly result?: RunnerGateResult;
  readonly error?: unknown;
  /** The runner's clone. */
  readonly dir?: string;
}

export interface DemoContext {
  readonly io: CommandIO;
  readonly out: (line?: string) => void;
  readonly work: string;
  readonly gh: Playground;
  readonly keys: DemoKeys;
  /** The app, authenticated as its installation on acme. */
  readonly app: InstanceType<typeof ProbotOctokit>;
  appToken(): Promise<string>;
  readonly bot: GitIdentity;
  readonly timeline: Timeline;
  audit(input: Omit<AuditInput, 'project_id'>): Promise<void>;
  readonly auditFile: string;
  readonly cloneUrl: string;
  readonly runner: RunnerOutcome[];
  pull?: number;
  headDir?: string;
  baseDir?: string;
  /** The head the reviews were given on. */
  reviewedSha?: string;
  approvalsFile?: string;
  mergeSha?: string;
}
