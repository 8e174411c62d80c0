import { describe, expect, it } from 'vitest';
import { parseAuditChainJson, parseAuditJsonl, toAuditChainJson, toAuditJsonl } from '../../../core/audit/parse.js';
import { headHash } from '../../../core/audit/entry.js';
import { chainOf, PROJECT } from './fixtures.js';

describe('audit.jsonl', () => {
  it('round-trips a chain with the line of each entry', () => {
    const chain = chainOf(3);
    const parsed = parseAuditJsonl(toAuditJsonl(chain), 'audit.jsonl');
    expect(parsed.findings).toEqual([]);
    expect(parsed.entries).toEqual(chain);
    expect(parsed.lines).toEqual([1, 2, 3]);
    expect(Object.isFrozen(parsed.entries[0])).toBe(true);
  });

  it('accepts CRLF line ends and an empty file', () => {
    expect(parseAuditJsonl(toAuditJsonl(chainOf(2)).replace(/\n/g, '\r\n'), 'a').entries).toHaveLength(2);
    expect(parseAuditJsonl('', 'a')).toMatchObject({ entries: [], findings: [] });
  });

  // Each row: how line 2 of three is broken, the rule and part of the message of the finding.
  it.each([
    ['not JSON', '{"seq": 2,', 'parse/json', 'invalid JSON at line 2'],
    ['a missing field', JSON.stringify({ ...chainOf(2)[1]!, refs: undefined }), 'schema/required', 'missing required property "refs"'],
    ['an unknown field', JSON.stringify({ ...chainOf(2)[1]!, extra: 1 }), 'schema/additionalProperties', 'unknown property "extra"'],
    ['a short hash', JSON.stringify({ ...chainOf(2)[1]!, hash: 'abc' }), 'schema/pattern', '/hash'],
    ['a blank line', '   ', 'audit/blank-line', 'blank line'],
    ['an array', '[]', 'schema/type', 'must be object'],
  ])('reports %s with its line number', (_name, line2, rule, message) => {
    const rows = toAuditJsonl(chainOf(3)).split('\n');
    rows[1] = line2;
    const parsed = parseAuditJsonl(rows.join('\n'), 'audit.jsonl');
    expect(parsed.findings.length).toBeGreaterThan(0);
    expect(parsed.findings[0]).toMatchObject({ path: 'audit.jsonl', line: 2, rule });
    expect(parsed.findings[0]!.message).toContain(message);
  });
});

describe('audit_chain.json', () => {
  it('round-trips with project id, head hash and the line of each entry', () => {
    const chain = chainOf(2);
    const text = toAuditChainJson(PROJECT, chain);
    const parsed = parseAuditChainJson(text, 'audit_chain.json');
    expect(parsed).toMatchObject({ entries: chain, project_id: PROJECT, head_hash: headHash(chain), findings: [] });
    const lines = text.split('\n');
    expect(parsed.lines.map((l) => lines[l - 1]!.trim())).toEqual(['{', '{']);
    expect(parsed.lines[1]).toBeGreaterThan(parsed.lines[0]!);
  });

  it.each([
    ['broken JSON', '{"project_id": "p", ', 'parse/json'],
    ['no head_hash', JSON.stringify({ project_id: 'p', entries: [] }), 'schema/required'],
    ['a bad entry', JSON.stringify({ project_id: 'p', entries: [{ seq: 0 }], head_hash: '0'.repeat(64) }), 'schema/'],
  ])('reports %s as a finding', (_name, text, rule) => {
    const parsed = parseAuditChainJson(text, 'audit_chain.json');
    expect(parsed.entries).toEqual([]);
    expect(parsed.findings[0]!.rule.startsWith(rule)).toBe(true);
  });
});
