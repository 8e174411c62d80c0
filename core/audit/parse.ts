// Reading the two forms of the audit chain: audit.jsonl (branch migration-audit, one entry per line)
// and audit_chain.json (the evidence copy: {project_id, entries, head_hash}). Each entry is checked
// against its schema; a malformed line is a finding with its line number, never a crash.
import { parseJson } from '../schema/parse-json.js';
import { validateDocument } from '../schema/validate.js';
import { toReadonly } from '../schema/readonly.js';
import type { Finding } from '../schema/finding.js';
import { headHash, type AuditEntry } from './entry.js';

export interface ParsedChain {
  readonly entries: readonly AuditEntry[];
  /** 1-based line where each entry starts, for messages. */
  readonly lines: readonly number[];
  /** audit_chain.json only. */
  readonly project_id?: string;
  readonly head_hash?: string;
  /** Non-empty exactly when the input is malformed; entries are then not to be trusted. */
  readonly findings: readonly Finding[];
}

export function parseAuditJsonl(text: string, file: string): ParsedChain {
  const entries: AuditEntry[] = [];
  const lines: number[] = [];
  const findings: Finding[] = [];
  const rows = text.split('\n');
  if (rows[rows.length - 1] === '') rows.pop();
  rows.forEach((raw, i) => {
    const line = i + 1;
    const row = raw.replace(/\r$/, '');
    if (row.trim() === '') {
      findings.push({
        path: file, line, pointer: '', rule: 'audit/blank-line', severity: 'error',
        message: 'blank line: audit.jsonl holds one entry per line and nothing else',
      });
      return;
    }
    const doc = parseJson(row, file);
    const problems = doc.findings.length > 0 ? doc.findings : validateDocument('audit_entry', doc.value, { file, lines: doc.lines });
    if (problems.length > 0) {
      findings.push(...problems.map((f) => ({ ...f, line, message: f.message.replace(/at line 1, column/, `at line ${line}, column`) })));
      return;
    }
    entries.push(doc.value as AuditEntry);
    lines.push(line);
  });
  return { entries: toReadonly(entries), lines, findings };
}

export function parseAuditChainJson(text: string, file: string): ParsedChain {
  const doc = parseJson(text, file);
  const findings = doc.findings.length > 0 ? doc.findings : validateDocument('audit_chain', doc.value, { file, lines: doc.lines });
  if (findings.length > 0) return { entries: [], lines: [], findings };
  const chain = doc.value as { project_id: string; entries: AuditEntry[]; head_hash: string };
  return {
    entries: toReadonly(chain.entries),
    lines: chain.entries.map((_, i) => doc.lines.get(`/entries/${i}`) ?? 1),
    project_id: chain.project_id,
    head_hash: chain.head_hash,
    findings: [],
  };
}

/** The evidence copy of a chain. */
export function toAuditChainJson(projectId: string, entries: readonly AuditEntry[]): string {
  return `${JSON.stringify({ project_id: projectId, entries, head_hash: headHash(entries) }, null, 2)}\n`;
}

/** audit.jsonl text: one compact entry per line. */
export function toAuditJsonl(entries: readonly AuditEntry[]): string {
  return entries.map((e) => `${JSON.stringify(e)}\n`).join('');
}
