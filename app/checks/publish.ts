// Converges the check runs of one head commit to the desired ones. Keyed by name + head SHA: an existing
// run is updated, never duplicated; one whose recorded digest (external_id) already matches is left alone,
// so a redelivered or reordered event writes nothing. Annotations are appended by GitHub on every update,
// so they are written once per run (batches of 50); when the findings later change on the same commit
// (the base branch's rules or the approvals moved), the summary is current and says the annotations are not.
import { createHash } from 'node:crypto';
import type { CheckRunShape, GitHubPort } from '../github/port.js';
import { annotationsOf, batches } from './annotations.js';
import type { DesiredCheck, Judged } from './desired.js';
import { summaryOf, titleOf } from './summary.js';

export interface PublishResult {
  readonly created: string[];
  readonly updated: string[];
  readonly unchanged: string[];
}

const STALE_NOTE = '\n_The annotations on the files are from an earlier run of this check on this commit; the findings above are current._\n';

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

/** external_id: "mc1:<digest of the verdict>:<digest of the annotations>". */
function externalId(verdict: string, annotations: string): string {
  return `mc1:${verdict}:${annotations}`;
}

function parts(id: string | null): { verdict: string; annotations: string } | undefined {
  const m = /^mc1:([0-9a-f]{16}):([0-9a-f]{16})$/.exec(id ?? '');
  return m ? { verdict: m[1]!, annotations: m[2]! } : undefined;
}

export async function publishCheckRuns(
  port: GitHubPort, where: { owner: string; repo: string }, judged: Judged, desired: readonly DesiredCheck[],
  rerun: (name: string) => boolean = () => false,
): Promise<PublishResult> {
  const listed = (await port.rest.checks.listForRef({ ...where, ref: judged.headSha, filter: 'latest', per_page: 100 })).data.check_runs;
  const existing = new Map<string, CheckRunShape>();
  for (const r of listed) {
    if (r.head_sha !== judged.headSha) continue;
    const seen = existing.get(r.name);
    if (!seen || r.id > seen.id) existing.set(r.name, r);
  }
  const result: PublishResult = { created: [], updated: [], unchanged: [] };
  await Promise.all(desired.map(async (c) => {
    const annotations = c.annotate === false ? [] : annotationsOf(c.findings);
    const title = titleOf(c);
    const summary = summaryOf(c, judged);
    const verdict = digest({ conclusion: c.conclusion, title, summary });
    const annotated = digest(annotations);
    const id = externalId(verdict, annotated);
    const before = existing.get(c.name);
    const had = parts(before?.external_id ?? null);
    if (before && before.status === 'completed' && had?.verdict === verdict && !rerun(c.name)) {
      result.unchanged.push(c.name);
      return;
    }
    const fresh = !before || before.output.annotations_count === 0;
    const sameAnnotations = had?.annotations === annotated;
    const chunks = fresh ? batches(annotations) : [];
    const output = { title, summary: fresh || sameAnnotations || annotations.length === 0 ? summary : summary + STALE_NOTE };
    const common = { ...where, status: 'completed' as const, conclusion: c.conclusion, external_id: fresh ? id : externalId(verdict, had?.annotations ?? annotated) };
    let runId: number;
    if (before) {
      runId = (await port.rest.checks.update({ ...common, check_run_id: before.id, output: { ...output, annotations: chunks[0] ?? [] } })).data.id;
      result.updated.push(c.name);
    } else {
      runId = (await port.rest.checks.create({ ...common, name: c.name, head_sha: judged.headSha, output: { ...output, annotations: chunks[0] ?? [] } })).data.id;
      result.created.push(c.name);
    }
    for (const chunk of chunks.slice(1)) await port.rest.checks.update({ ...where, check_run_id: runId, output: { ...output, annotations: chunk } });
  }));
  return result;
}
