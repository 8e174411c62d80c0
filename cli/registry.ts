// Every CLI command, by name. Commands load lazily so `--help` and small commands start fast and a
// command's heavy dependencies (database drivers, Probot) load only when it runs.
import type { Command } from './command.js';

export type CommandLoader = () => Promise<Command>;

export const COMMANDS: Record<string, CommandLoader> = {
  // one line per command, alphabetical
  'audit verify': async () => (await import('./commands/audit-verify.js')).default,
  'demo': async () => (await import('./commands/demo.js')).default,
  'evidence': async () => (await import('./commands/evidence.js')).default,
  'execute': async () => (await import('./commands/execute.js')).default,
  'discover': async () => (await import('./commands/discover.js')).default,
  'init': async () => (await import('./commands/init.js')).default,
  'playground': async () => (await import('./commands/playground.js')).default,
  'profile': async () => (await import('./commands/profile.js')).default,
  'propose': async () => (await import('./commands/propose.js')).default,
  'recon': async () => (await import('./commands/recon.js')).default,
  'rewrite prove': async () => (await import('./commands/rewrite-prove.js')).default,
  'rollback': async () => (await import('./commands/rollback.js')).default,
  'sign': async () => (await import('./commands/sign.js')).default,
  'validate': async () => (await import('./commands/validate.js')).default,
  'verify': async () => (await import('./commands/verify.js')).default,
};
