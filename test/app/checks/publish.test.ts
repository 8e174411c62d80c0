// Converging check runs against a plain fake of the port: created once, left alone when unchanged, updated
// in place when the verdict changes (annotations only on a run that has none, since GitHub appends them),
// rewritten on a re-run, and annotations past 50 sent in further updates.
import { describe, expect, it } from 'vitest';
import type { DesiredCheck, Judged } from '../../../app/checks/desired.js';
import { publishCheckRuns } from '../../../app/checks/publish.js';
import type { CheckRunShape, GitHubPort } from '../../../app/github/port.js';
import type { Finding } from '../../../core/schema/finding.js';

interface Run { id: number; name: string; head_sha: string; status: string; conclusion: string | null; external_id: string | null; title: string; summary: string; annotations: unknown[] }

function fakePort() {
  const runs: Run[] = [];
  const calls: string[] = [];
  const shape = (r: Run): CheckRunShape => ({
    id: r.id, name: r.name, head_sha: r.head_sha, status: r.status, conclusion: r.conclusion, external_id: r.external_id,
    output: { title: r.title, summary: r.summary, annotations_count: r.annotations.length },
  });
  const port = { rest: { checks: {
    listForRef: async (p: { ref: string }) => { calls.push('list'); return { data: { total_count: runs.length, check_runs: runs.filter((r) => r.head_sha === p.ref).map(shape) } }; },
    create: async (p: { name: string; head_sha: string; conclusion: string; external_id: string; output: { title: string; summary: string; annotations: unknown[] } }) => {
      calls.push(`create ${p.name}`);
      const r: Run = { id: runs.length + 1, name: p.name, head_sha: p.head_sha, status: 'completed', conclusion: p.conclusion, external_id: p.external_id, title: p.output.title, summary: p.output.summary, annotations: [...p.output.annotations] };
      runs.push(r);
      return { data: shape(r) };
    },
    update: async (p: { check_run_id: number; conclusion?: string; external_id?: string; output: { title: string; summary: string; annotations?: unknown[] } }) => {
      calls.push(`update ${p.check_run_id}`);
      const r = runs.find((x) => x.id === p.check_run_id)!;
      Object.assign(r, { conclusion: p.conclusion ?? r.conclusion, external_id: p.external_id ?? r.external_id, title: p.output.title, summary: p.output.summary });
      r.annotations.push(...(p.output.annotations ?? []));
      return { data: shape(r) };
    },
  } } } as unknown as GitHubPort;
  return { port, runs, calls };
}

const where = { owner: 'acme', repo: 'mig' };
const judged: Judged = { headSha: 'h'.repeat(40), baseRef: 'main', baseSha: 'b'.repeat(40) };
const finding = (line: number, message = `bad ${line}`): Finding => ({ path: 'contracts/schema_mapping.yml', line, pointer: '', rule: 'type-coercion/forbidden', severity: 'error', message });
const check = (findings: Finding[]): DesiredCheck => ({
  name: 'migration/type-coercion', validator: { id: 'type-coercion', version: '1.0.0' }, conclusion: findings.length ? 'failure' : 'success', findings, annotate: true,
});

describe('publishing check runs', () => {
  it('creates once, leaves an unchanged run alone, updates in place, and re-runs on request', async () => {
    const { port, runs, calls } = fakePort();
    expect(await publishCheckRuns(port, where, judged, [check([finding(3)])])).toEqual({ created: ['migration/type-coercion'], updated: [], unchanged: [] });
    expect(await publishCheckRuns(port, where, judged, [check([finding(3)])])).toEqual({ created: [], updated: [], unchanged: ['migration/type-coercion'] });
    await publishCheckRuns(port, where, judged, [check([finding(3), finding(4)])]);
    expect(runs).toHaveLength(1);
    // The first run's annotation stays (GitHub appends); the summary is current and says so.
    expect(runs[0]!.annotations).toHaveLength(1);
    expect(runs[0]!.summary).toContain('bad 4');
    expect(runs[0]!.summary).toContain('annotations on the files are from an earlier run');
    calls.length = 0;
    await publishCheckRuns(port, where, judged, [check([finding(3), finding(4)])], (name) => name === 'migration/type-coercion');
    expect(calls).toEqual(['list', 'update 1']);
  });

  it('sends annotations past 50 in further updates of the same run', async () => {
    const { port, runs, calls } = fakePort();
    await publishCheckRuns(port, where, judged, [check(Array.from({ length: 120 }, (_, i) => finding(i + 1)))]);
    expect(calls).toEqual(['list', 'create migration/type-coercion', 'update 1', 'update 1']);
    expect(runs[0]!.annotations).toHaveLength(120);
  });
});
