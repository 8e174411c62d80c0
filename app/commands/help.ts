// /help: every command, what it does, who may run it and when.
import type { CommentCommand } from './command.js';
import { helpTable } from './render.js';

const help: CommentCommand = {
  name: 'help', summary: 'this list', args: [], roles: 'writers', states: 'any', needsPull: false,
  async run(ctx) {
    return { ok: true, body: helpTable(ctx.commands), reasoning: 'listed the commands' };
  },
};

export default help;
