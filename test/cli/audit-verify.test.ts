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
import { headHash, type AuditEntry } from '../../core/audit/entry.js';
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
    ['an empty audit.jsonl', 'empty.jsonl', '', 0, 'audit chain ok: 0 entries, head 0000000000000000000000000000000000000000000000000000000000000000'],
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
