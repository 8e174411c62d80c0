// Appending to audit.jsonl as the one writer (the app, by fast-forward updates of branch
// migration-audit) must: read and verify what is there first, and never extend a broken or malformed
// chain, so a tampered history is stopped at the next write instead of being buried under new entries.
import { CopilotError } from '../errors.js';
import { appendEntry, type AuditEntry, type AuditInput } from './entry.js';
import { parseAuditJsonl } from './parse.js';
import { verifyChain } from './verify.js';

export interface AppendedJsonl {
  /** The whole new file: the old text, unchanged, plus one line. */
  readonly text: string;
  readonly entry: AuditEntry;
}

export function appendToAuditJsonl(text: string, file: string, input: AuditInput, ts: string): AppendedJsonl {
  const parsed = parseAuditJsonl(text, file);
  if (parsed.findings.length > 0) {
    const first = parsed.findings[0]!;
    throw new CopilotError('INPUT_INVALID', `${first.path}:${first.line}: ${first.message}; not appending to a malformed audit log`);
  }
  const verdict = verifyChain(parsed.entries, { projectId: input.project_id });
  if (!verdict.ok) {
    const line = parsed.lines[verdict.index];
    throw new CopilotError('AUDIT_CHAIN_BROKEN', `${file}${line === undefined ? '' : `:${line}`}: ${verdict.message}; not appending to a broken chain`);
  }
  const chain = appendEntry(parsed.entries, input, ts);
  const entry = chain[chain.length - 1]!;
  const base = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  return { text: `${base}${JSON.stringify(entry)}\n`, entry };
}
