// `migration-copilot audit verify FILE`: checks an audit chain (audit.jsonl from branch
// migration-audit, or an evidence audit_chain.json) and names the first bad entry. A hash chain alone
// proves nothing against whoever rewrites the whole file, so it also checks the chain extends an anchor:
// --expect-head SEQ:HASH, or --anchor FILE (a SignedPlan or any record carrying `audit_head`).
//   0  the chain holds (and extends the anchor);  1  it is broken, empty, or does not extend the anchor;
//   2  the file is missing or is not an audit chain;  3  it is there but cannot be read (permissions, I/O).
import { checkAuditExtends, parseAuditHead, type AuditHead } from '../../core/audit/anchor.js';
import { parseAuditChainJson, parseAuditJsonl } from '../../core/audit/parse.js';
import { verifyChain } from '../../core/audit/verify.js';
import { CopilotError } from '../../core/errors.js';
import { parseJson } from '../../core/schema/index.js';
import { parseFlags, type Command } from '../command.js';
import { readInput } from '../read-input.js';

async function anchorFrom(cwd: string, file: string): Promise<AuditHead> {
  const text = await readInput(cwd, file, { what: 'anchor', hint: 'pass --anchor with a signed plan (plans/signed/v<N>.json) or evidence file that records audit_head' });
  const doc = parseJson(text, file);
  const head = (doc.value as { audit_head?: { seq?: unknown; hash?: unknown } } | undefined)?.audit_head;
  if (doc.findings.length > 0 || typeof head?.seq !== 'number' || typeof head.hash !== 'string') {
    throw new CopilotError('INPUT_INVALID', `${file} records no audit_head {seq, hash}`, {
      hint: 'pass a signed plan or evidence file signed with the audit head, or give it as --expect-head SEQ:HASH',
    });
  }
  return parseAuditHead(`${head.seq}:${head.hash}`, `${file} audit_head`);
}

const command: Command = {
  name: 'audit verify',
  summary: 'Verify an audit chain (audit.jsonl or audit_chain.json), name the first bad entry, and check it extends an anchor.',
  usage: '  migration-copilot audit verify FILE [--expect-head SEQ:HASH | --anchor FILE]\n' +
    '    FILE           audit.jsonl (one entry per line) or audit_chain.json ({project_id, entries, head_hash})\n' +
    '    --expect-head  the head recorded at some earlier time (seq and hash of its last entry): the chain must still\n' +
    '                   hold that entry at that seq; catches a chain truncated or rewritten up to it\n' +
    '    --anchor       read that head from a signed plan (plans/signed/v<N>.json) or evidence file (its audit_head)',

  async run(args, io) {
    const { positionals, values } = parseFlags(command, args, { 'expect-head': { type: 'string' }, anchor: { type: 'string' } }, true);
    if (positionals.length !== 1) {
      throw new CopilotError('USAGE', `audit verify: expected one FILE, got ${positionals.length}`, { hint: `usage:\n${command.usage}` });
    }
    if (values['expect-head'] !== undefined && values.anchor !== undefined) {
      throw new CopilotError('USAGE', 'audit verify: give --expect-head or --anchor, not both', { hint: `usage:\n${command.usage}` });
    }
    const anchor = values['expect-head'] !== undefined ? parseAuditHead(values['expect-head'], '--expect-head')
      : values.anchor !== undefined ? await anchorFrom(io.cwd, values.anchor) : undefined;
    const file = positionals[0]!;
    const text = await readInput(io.cwd, file, { what: 'audit chain', hint: 'Pass the path of audit.jsonl or audit_chain.json.' });
    const parsed = file.endsWith('.json') ? parseAuditChainJson(text, file) : parseAuditJsonl(text, file);
    if (parsed.findings.length > 0) {
      const list = parsed.findings.map((f) => `${f.path}:${f.line}: ${f.message}`).join('\n');
      throw new CopilotError('INPUT_INVALID', `${file} is not a well-formed audit chain:\n${list}`, {
        hint: 'A malformed entry cannot be verified; restore the file from the migration-audit branch.',
      });
    }
    if (parsed.entries.length === 0 && anchor?.seq !== 0) {
      throw new CopilotError('AUDIT_CHAIN_BROKEN', `${file} holds no entries: an audit chain starts with the project's first entry`, {
        hint: 'Restore the chain from the migration-audit branch (an empty chain is only accepted with --expect-head 0:<64 zeros>).',
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
    if (anchor) {
      const extended = checkAuditExtends(anchor, parsed.entries);
      if (!extended.ok) {
        throw new CopilotError('AUDIT_CHAIN_BROKEN', `${file} does not extend the anchored head ${anchor.seq}:${anchor.hash.slice(0, 12)}...: ${extended.reason}`, {
          hint: 'The chain was rewritten or cut after the anchor was signed. Compare with the migration-audit branch history.',
        });
      }
    }
    io.stdout.write(`audit chain ok: ${verdict.count} entries, head ${verdict.head_hash}${anchor ? `, extends the anchored head at seq ${anchor.seq}` : ''}\n`);
    return 0;
  },
};

export default command;
