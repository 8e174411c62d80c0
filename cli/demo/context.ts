// What the demo's steps share: the simulator, the app started as `npm start` starts it, the work folder,
// the people's names, and what earlier steps learned (pull request number, shas, the runner's outcome).
// The demo acts only as people: every write it makes is a person's, through the REST API or git.
import type { RunningApp } from '../../app/main.js';
import type { Playground } from '../../playground/index.js';
import type { RunnerGateResult } from '../../runner/gate/plan-gate.js';
import type { CommandIO } from '../command.js';
import type { DemoKeys } from './keys.js';
import type { Timeline } from './timeline.js';

export const OWNER = 'acme';
export const NAME = 'demo-orders-migration';
export const FULL_NAME = `${OWNER}/${NAME}`;
export const BRANCH = 'plan-v1';
export const VERSION = 1;
export const PLAN_TAG = `plan/v${VERSION}`;
export const PEOPLE = { author: 'carol', signer: 'alice', releaseManager: 'rita' } as const;
/** The simulated reviewers: one per role that signing needs (PLAN_DRAFTED->PLANNED, PLANNED->EXECUTED). */
export const REVIEWERS = [
  { user: 'alice', role: 'tech_lead' },
  { user: 'dora', role: 'data_owner' },
  { user: 'sam', role: 'security' },
] as const;
export const BOT = 'migration-copilot[bot]';

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
  readonly app: RunningApp;
  /** Waits until every webhook is delivered and handled and every workflow run has finished. */
  settle(): Promise<void>;
  readonly timeline: Timeline;
  readonly cloneUrl: string;
  readonly runner: RunnerOutcome[];
  pull?: number;
  mergeSha?: string;
}
