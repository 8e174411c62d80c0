// Every comment command, one line each, in the order /help lists them.
import advance from './advance.js';
import type { CommentCommand } from './command.js';
import cutoverPropose from './cutover-propose.js';
import discover from './discover.js';
import evidenceCompose from './evidence-compose.js';
import help from './help.js';
import migrateInit from './migrate-init.js';
import planPropose from './plan-propose.js';
import planSign from './plan-sign.js';
import planStatus from './plan-status.js';
import planValidate from './plan-validate.js';
import reconExplain from './recon-explain.js';

export const COMMANDS: readonly CommentCommand[] = [
  help,
  migrateInit,
  discover,
  planPropose,
  planValidate,
  planStatus,
  planSign,
  reconExplain,
  cutoverPropose,
  advance,
  evidenceCompose,
];
