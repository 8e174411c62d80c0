// Every comment command, one line each, in the order /help lists them.
import type { CommentCommand } from './command.js';
import help from './help.js';

export const COMMANDS: readonly CommentCommand[] = [
  help,
];
