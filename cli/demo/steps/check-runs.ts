// The validators' verdicts as the app publishes them: one check run per validator on the head commit,
// named migration/<id>. A "no" is conclusion failure, a validator that broke is neutral (never a silent
// pass), a validator with nothing to judge yet is skipped.
import { NAME, OWNER, type DemoContext } from '../context.js';
import { expectExit } from '../expect-exit.js';

interface ValidateJson {
  readonly results: readonly { readonly id: string; readonly status: 'pass' | 'fail' | 'error'; readonly findings: readonly unknown[] }[];
  readonly skipped: readonly { readonly id: string; readonly reason: string }[];
}

const CONCLUSION = { pass: 'success', fail: 'failure', error: 'neutral' } as const;

/** Returns "conclusion: id, id" groups, for the demo to print. */
export async function publishCheckRuns(ctx: DemoContext, headSha: string): Promise<string[]> {
  const json = await expectExit(ctx, ['validate', '--repo', ctx.headDir!, '--base', ctx.baseDir!, '--format', 'json'], 0, true);
  const run = JSON.parse(json) as ValidateJson;
  const runs = [
    ...run.results.map((r) => ({ id: r.id, conclusion: CONCLUSION[r.status], summary: `${r.findings.length} finding(s)` })),
    ...run.skipped.map((s) => ({ id: s.id, conclusion: 'skipped' as const, summary: s.reason })),
  ];
  const byConclusion = new Map<string, string[]>();
  for (const r of runs) {
    const created = (await ctx.app.rest.checks.create({
      owner: OWNER, repo: NAME, name: `migration/${r.id}`, head_sha: headSha, status: 'completed', conclusion: r.conclusion,
      output: { title: `${r.id}: ${r.conclusion}`, summary: r.summary },
    })).data;
    const key = created.conclusion ?? 'none';
    byConclusion.set(key, [...(byConclusion.get(key) ?? []), created.name.replace(/^migration\//, '')]);
  }
  return [...byConclusion].map(([conclusion, names]) => `${conclusion}: ${names.join(', ')}`);
}
