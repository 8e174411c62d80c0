import { describe, expect, it } from 'vitest';
import { appendToAuditJsonl } from '../../../core/audit/append-jsonl.js';
import { parseAuditJsonl, toAuditJsonl } from '../../../core/audit/parse.js';
import { verifyChain } from '../../../core/audit/verify.js';
import { CopilotError } from '../../../core/errors.js';
import { chainOf, PROJECT } from './fixtures.js';

const INPUT = { project_id: PROJECT, actor: 'migration-copilot[bot]', action: 'command.refused', subject: 'acme/mig#7', reasoning: 'not a member of role tech_lead', refs: {} };
const TS = '2026-11-27T12:00:00Z';

describe('appendToAuditJsonl', () => {
  it.each([
    ['an empty log', ''],
    ['a log of three', toAuditJsonl(chainOf(3))],
    ['a log without a final newline', toAuditJsonl(chainOf(2)).trimEnd()],
  ])('appends one verified line to %s, leaving the old text as it was', (_name, text) => {
    const { text: next, entry } = appendToAuditJsonl(text, 'audit.jsonl', INPUT, TS);
    expect(next.startsWith(text)).toBe(true);
    const parsed = parseAuditJsonl(next, 'audit.jsonl');
    expect(verifyChain(parsed.entries)).toMatchObject({ ok: true, head_hash: entry.hash });
    expect(entry).toMatchObject({ ...INPUT, ts: TS, seq: parsed.entries.length });
  });

  it.each([
    ['a broken chain', toAuditJsonl(chainOf(3).filter((_, i) => i !== 1)), 'AUDIT_CHAIN_BROKEN', 'audit.jsonl:2: dropped'],
    ['a malformed log', `${toAuditJsonl(chainOf(1))}not json\n`, 'INPUT_INVALID', 'audit.jsonl:2:'],
    ['an edited log', toAuditJsonl(chainOf(2)).replace('entry 2', 'entry two'), 'AUDIT_CHAIN_BROKEN', 'audit.jsonl:2: edited'],
    ['the log of another project', toAuditJsonl(chainOf(2)), 'AUDIT_CHAIN_BROKEN', 'belongs to project pg-to-duckdb, not other', 'other'],
  ])('refuses to extend %s', (_name, text, code, message, project = PROJECT) => {
    try {
      appendToAuditJsonl(text, 'audit.jsonl', { ...INPUT, project_id: project }, TS);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CopilotError);
      expect((e as CopilotError).code).toBe(code);
      expect((e as CopilotError).message).toContain(message);
    }
  });
});
