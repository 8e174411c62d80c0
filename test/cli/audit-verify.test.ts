// `migration-copilot audit verify FILE`: exit 0 and the head for a sound chain, 1 naming the first
// bad entry, 2 for input that cannot be read or is not a chain. Through bin/ and through main().
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { appendEntry, headHash, type AuditEntry } from '../../core/audit/entry.js';
import { toAuditChainJson, toAuditJsonl } from '../../core/audit/parse.js';
import { chainOf, PROJECT } from '../core/audit/fixtures.js';

const BIN = fileURLToPath(new URL('../../bin/migration-copilot.js', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mc-audit-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(name: string, text: string): Promise<string> {
  await writeFile(join(dir, name), text);
  return name;
}

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => { out += String(d); });
  stderr.on('data', (d) => { err += String(d); });
  const code = await main(argv, { stdout, stderr, env: {}, cwd: dir, interactive: false });
  return { code, stdout: out, stderr: err };
}

const chain = chainOf(4);
const edited = (c: AuditEntry[]) => c.map((e, i) => (i === 2 ? { ...e, reasoning: 'changed' } : e));

describe('audit verify through bin/migration-copilot.js', () => {
  it.each([
    ['a sound audit.jsonl', 'ok.jsonl', toAuditJsonl(chain), 0, 'stdout', `audit chain ok: 4 entries, head ${headHash(chain)}`],
    ['an edited audit.jsonl', 'bad.jsonl', toAuditJsonl(edited(chain)), 1, 'stderr', 'bad.jsonl:3: seq 3: edited: hash mismatch at seq 3'],
    ['a malformed line', 'broken.jsonl', `${toAuditJsonl(chain)}{oops\n`, 2, 'stderr', 'broken.jsonl:5:'],
  ] as const)('%s', async (_name, file, text, code, stream, expected) => {
    await put(file, text);
    const res = spawnSync(process.execPath, [BIN, 'audit', 'verify', file], { cwd: dir, encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(code);
    expect(res[stream]).toContain(expected);
    expect(res.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  });
});

describe('audit verify', () => {
  it.each([
    ['an empty audit.jsonl', 'empty.jsonl', '', 1, 'empty.jsonl holds no entries'],
    ['a sound audit_chain.json', 'audit_chain.json', toAuditChainJson(PROJECT, chain), 0, `audit chain ok: 4 entries, head ${headHash(chain)}`],
    ['a dropped entry', 'drop.jsonl', toAuditJsonl(chain.filter((_, i) => i !== 1)), 1, 'drop.jsonl:2: seq 3: dropped: seq gap, seq 2 is missing'],
    ['reordered entries', 'swap.jsonl', toAuditJsonl([chain[0]!, chain[2]!, chain[1]!, chain[3]!]), 1, 'swap.jsonl:2: seq 3: reordered'],
    ['a duplicated entry', 'dup.jsonl', toAuditJsonl([...chain, chain[3]!]), 1, 'dup.jsonl:5: seq 4: duplicated'],
    ['a bad genesis', 'gen.jsonl', toAuditJsonl(chain.slice(1)), 1, 'gen.jsonl:1: seq 2: bad genesis'],
    ['an edited audit_chain.json', 'edit_chain.json', toAuditChainJson(PROJECT, edited(chain)), 1, 'edit_chain.json:', 'seq 3: edited'],
    ['an entry dropped from the end of audit_chain.json', 'short_chain.json',
      toAuditChainJson(PROJECT, chain).replace(/"head_hash": "[0-9a-f]+"/, `"head_hash": "${'a'.repeat(64)}"`), 1, 'head_hash'],
    ['a chain of another project', 'proj_chain.json', toAuditChainJson('other', chain), 1, 'belongs to project'],
    ['an audit_chain.json missing head_hash', 'nohead.json', JSON.stringify({ project_id: PROJECT, entries: [] }), 2, 'missing required property "head_hash"'],
    ['a blank line in audit.jsonl', 'blank.jsonl', toAuditJsonl(chain).replace('\n', '\n\n'), 2, 'blank.jsonl:2:'],
  ] as const)('%s', async (_name, file, text, code, ...expected) => {
    await put(file, text);
    const res = await run('audit', 'verify', file);
    expect(res.code, res.stderr).toBe(code);
    for (const e of expected) expect(code === 0 ? res.stdout : res.stderr).toContain(e);
    if (code === 1) expect(res.stderr).toContain('error[AUDIT_CHAIN_BROKEN]');
  });

  describe('against an anchor (--expect-head, --anchor)', () => {
    const head = (n: number) => `${chain[n - 1]!.seq}:${chain[n - 1]!.hash}`;
    // The whole chain rewritten from its second entry, every hash recomputed: it verifies on its own.
    let forged: AuditEntry[] = [];
    for (const e of chain) {
      forged = appendEntry(forged, { project_id: e.project_id, actor: e.actor, action: e.action, subject: e.subject,
        reasoning: e.seq === 2 ? 'rewritten' : e.reasoning, refs: e.refs }, e.ts);
    }
    it.each([
      ['the chain itself', toAuditJsonl(chain), ['--expect-head', head(3)], 0, 'extends the anchored head at seq 3'],
      ['the same head', toAuditJsonl(chain), ['--expect-head', head(4)], 0, 'extends the anchored head at seq 4'],
      ['the last entries dropped', toAuditJsonl(chain.slice(0, 2)), ['--expect-head', head(3)], 1, 'the chain ends at seq 2, before the anchored head seq 3'],
      ['an empty file', '', ['--expect-head', head(3)], 1, 'holds no entries'],
      ['an empty file, anchored at the empty chain', '', ['--expect-head', `0:${'0'.repeat(64)}`], 0, 'audit chain ok: 0 entries'],
      ['a chain rewritten with every hash recomputed', toAuditJsonl(forged), ['--expect-head', head(3)], 1, 'the chain was rewritten'],
      ['a malformed head', toAuditJsonl(chain), ['--expect-head', '3:xyz'], 2, '--expect-head: "3:xyz" is not SEQ:HASH'],
    ] as const)('%s', async (_name, text, flags, code, expected) => {
      const file = await put(`anchored-${Math.random().toString(36).slice(2)}.jsonl`, text);
      const res = await run('audit', 'verify', file, ...flags);
      expect(res.code, res.stderr).toBe(code);
      expect(code === 0 ? res.stdout : res.stderr).toContain(expected);
    });

    it('reads the anchor from a signed plan\'s audit_head', async () => {
      await put('v1.json', JSON.stringify({ plan_id: 'p', audit_head: { seq: 3, hash: chain[2]!.hash } }));
      await put('anchored.jsonl', toAuditJsonl(chain));
      expect((await run('audit', 'verify', 'anchored.jsonl', '--anchor', 'v1.json')).code).toBe(0);
      await put('cut.jsonl', toAuditJsonl(chain.slice(0, 2)));
      const cut = await run('audit', 'verify', 'cut.jsonl', '--anchor', 'v1.json');
      expect(cut.code).toBe(1);
      expect(cut.stderr).toContain('does not extend the anchored head 3:');
      await put('noanchor.json', '{"plan_id": "p"}');
      expect((await run('audit', 'verify', 'anchored.jsonl', '--anchor', 'noanchor.json')).code).toBe(2);
    });
  });

  it.each([
    ['a missing file', ['audit', 'verify', 'nope.jsonl'], 'error[FILE_NOT_FOUND]: audit chain nope.jsonl not found'],
    ['a directory', ['audit', 'verify', '.'], 'cannot read it (EISDIR)'],
    ['no file', ['audit', 'verify'], 'expected one FILE, got 0'],
    ['two files', ['audit', 'verify', 'a', 'b'], 'expected one FILE, got 2'],
    ['an unknown flag', ['audit', 'verify', '--head', 'x', 'a'], "Unknown option '--head'"],
  ])('exits 2 for %s', async (_name, argv, message) => {
    const res = await run(...argv);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(message);
  });
});
