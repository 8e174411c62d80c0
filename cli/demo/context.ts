// What the demo's steps share: the simulator, the app started as `npm start` starts it, the work folder,
// the people's names, and what earlier steps learned (issue and pull request numbers, shas).
// The demo acts only as people: every write it makes is a person's, through the REST API or git.
import type { RunningApp } from '../../app/main.js';
import type { Playground } from '../../playground/index.js';
import type { CommandIO } from '../command.js';
import type { BuiltSource } from './source/index.js';
import type { DemoKeys } from './keys.js';
import type { Timeline } from './timeline.js';

export const OWNER = 'acme';
export const NAME = 'demo-orders-migration';
export const FULL_NAME = `${OWNER}/${NAME}`;
export const BRANCH = 'plan-v1';
export const VERSION = 1;
export const PLAN_TAG = `plan/v${VERSION}`;
export const PEOPLE = {
  author: 'carol', signer: 'alice', techLead: 'alice', dataOwner: 'dora', security: 'sam', qa: 'quinn', business: 'bo', releaseManager: 'rita',
} as const;
/** Who fills each role of .migration/config.yml (examples/demo-migration), and the code owner of every file (`*` @acme/data-leads). */
export const ROLE_USERS: Readonly<Record<string, string>> = {
  tech_lead: 'alice', data_owner: 'dora', security: 'sam', qa_lead: 'quinn', business_owner: 'bo', release_manager: 'rita',
};
export const CODE_OWNER = 'alice';
/** The simulated reviewers: one per role that signing needs (PLAN_DRAFTED->PLANNED, PLANNED->EXECUTED). */
export const REVIEWERS = [
  { user: 'alice', role: 'tech_lead' },
  { user: 'dora', role: 'data_owner' },
  { user: 'sam', role: 'security' },
] as const;
export const BOT = 'migration-copilot[bot]';

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
  readonly source: BuiltSource;
  /** The issue people comment repository-wide commands on (/advance, /evidence compose). */
  issue?: number;
  pull?: number;
  mergeSha?: string;
}
