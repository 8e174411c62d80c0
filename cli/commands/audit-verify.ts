// `migration-copilot audit verify FILE`: checks an audit chain (audit.jsonl from branch
// migration-audit, or an evidence audit_chain.json) and names the first bad entry.
//   0  the chain holds;  1  it is broken (edited, dropped, inserted, reordered, duplicated);
//   2  the file is missing or is not an audit chain;  3  it is there but cannot be read (permissions, I/O).
import { parseAuditChainJson, parseAuditJsonl } from '../../core/audit/parse.js';
import { verifyChain } from '../../core/audit/verify.js';
import { CopilotError } from '../../core/errors.js';
import { parseFlags, type Command } from '../command.js';
import { readInput } from '../read-input.js';

const command: Command = {
  name: 'audit verify',
  summary: 'Verify an audit chain (audit.jsonl or audit_chain.json) and name the first bad entry.',
  usage: '  migration-copilot audit verify FILE\n' +
    '    FILE  audit.jsonl (one entry per line) or audit_chain.json ({project_id, entries, head_hash})',

  async run(args, io) {
    const { positionals } = parseFlags(command, args, {}, true);
    if (positionals.length !== 1) {
      throw new CopilotError('USAGE', `audit verify: expected one FILE, got ${positionals.length}`, { hint: `usage:\n${command.usage}` });
    }
    const file = positionals[0]!;
    const text = await readInput(io.cwd, file, { what: 'audit chain', hint: 'Pass the path of audit.jsonl or audit_chain.json.' });
    const parsed = file.endsWith('.json') ? parseAuditChainJson(text, file) : parseAuditJsonl(text, file);
    if (parsed.findings.length > 0) {
      const list = parsed.findings.map((f) => `${f.path}:${f.line}: ${f.message}`).join('\n');
      throw new CopilotError('INPUT_INVALID', `${file} is not a well-formed audit chain:\n${list}`, {
        hint: 'A malformed entry cannot be verified; restore the file from the migration-audit branch.',
      });
    }
    const verdict = verifyChain(parsed.entries, {
      ...(parsed.head_hash === undefined ? {} : { expectedHead: parsed.head_hash }),
      ...(parsed.project_id === undefined ? {} : { projectId: parsed.project_id }),
    });
    if (!verdict.ok) {
      const line = parsed.lines[verdict.index];
      const where = line === undefined ? file : `${file}:${line}`;
      const seq = verdict.seq === undefined ? '' : ` seq ${verdict.seq}:`;
      throw new CopilotError('AUDIT_CHAIN_BROKEN', `${where}:${seq} ${verdict.message}`, {
        hint: 'The chain was changed after it was written. Compare with the migration-audit branch history.',
      });
    }
    io.stdout.write(`audit chain ok: ${verdict.count} entries, head ${verdict.head_hash}\n`);
    return 0;
  },
};

export default command;
