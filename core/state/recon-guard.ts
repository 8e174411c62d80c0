// The reconciliation guard of the lifecycle: a migration is RECONCILED, and then PARALLEL_VALIDATED, only
// on the evidence of its latest signed plan version's reconciliation. EXECUTED->RECONCILED and
// RECONCILED->PARALLEL_VALIDATED are refused while reconciliation/v<N>/recon_report*.json of the latest
// signed version N is missing, unreadable, or beyond tolerance (summary.status "fail"), and the refusal
// names the report. Pure: the caller reads the files, always from the base branch
// (for /advance and for a transition pull request's approvals check alike), so a pull request cannot bring its own report.
import type { TransitionKey } from './states.js';

/** The transitions that need a passing reconciliation of the latest signed version. */
export const RECON_GUARDED: readonly TransitionKey[] = ['EXECUTED->RECONCILED', 'RECONCILED->PARALLEL_VALIDATED'];

/** One recon report file as the repository holds it. */
export interface ReconReportFile {
  readonly path: string;
  /** The parsed JSON, or undefined when it does not parse. */
  readonly value: unknown;
}

interface ReportShape {
  readonly summary?: { readonly status?: unknown; readonly failed?: unknown; readonly tables?: unknown };
  readonly tables?: readonly { readonly source_table?: unknown; readonly status?: unknown; readonly findings?: readonly { readonly message?: unknown; readonly exceeded?: unknown }[] }[];
}

/** reconciliation/v<N>/recon_report.json, or recon_report.<i>.json when a run wrote several. */
export function isReconReportOf(version: number, path: string): boolean {
  return new RegExp(`^reconciliation/v${version}/recon_report(?:\\.[1-9][0-9]*)?\\.json$`).test(path);
}

function whyFailed(report: ReportShape): string {
  const tables = (report.tables ?? []).filter((t) => t.status === 'fail');
  const parts = tables.slice(0, 3).map((t) => {
    const exceeded = (t.findings ?? []).find((f) => f.exceeded === true && typeof f.message === 'string');
    return `${String(t.source_table)}${exceeded ? ` (${String(exceeded.message)})` : ''}`;
  });
  return parts.length ? `: ${parts.join('; ')}${tables.length > 3 ? `; and ${tables.length - 3} more` : ''}` : '';
}

/**
 * Why `transition` may not happen now, or undefined when it may (or is not guarded).
 * signedVersions: every N with plans/signed/v<N>.json in the tree; reports: the recon report files of the tree.
 */
export function reconGuard(transition: string, signedVersions: readonly number[], reports: readonly ReconReportFile[]): string | undefined {
  if (!(RECON_GUARDED as readonly string[]).includes(transition)) return undefined;
  const version = signedVersions.length ? Math.max(...signedVersions) : undefined;
  if (version === undefined) return `${transition} needs the reconciliation of a signed plan, and no plan is signed (plans/signed/ is empty)`;
  const mine = reports.filter((r) => isReconReportOf(version, r.path)).sort((a, b) => a.path.localeCompare(b.path));
  const expected = `reconciliation/v${version}/recon_report.json`;
  if (mine.length === 0) {
    return `${transition} needs ${expected}, the reconciliation of signed plan v${version}, and it is missing: merge the runner's evidence pull request of v${version} first`;
  }
  for (const r of mine) {
    const report = (r.value ?? {}) as ReportShape;
    const status = report.summary?.status;
    if (status === 'pass') continue;
    if (status === 'fail') {
      return `${transition} is refused: ${r.path} (signed plan v${version}) is beyond tolerance, ${String(report.summary?.failed ?? '?')} of ${String(report.summary?.tables ?? '?')} table(s) failed${whyFailed(report)}; fix the differences and run the plan again, or explain them with /recon explain`;
    }
    return `${transition} is refused: ${r.path} (signed plan v${version}) has no verdict (summary.status is ${JSON.stringify(status ?? null)})`;
  }
  return undefined;
}

/** The recon report files of a repository tree (every reconciliation/v<N>/recon_report*.json), parsed. */
export function reconReportFiles(files: { read(path: string): string | undefined; list(prefix: string): string[] }): ReconReportFile[] {
  return files.list('reconciliation/').filter((p) => /\/recon_report(?:\.[1-9][0-9]*)?\.json$/.test(p)).map((path) => {
    let value: unknown;
    try {
      value = JSON.parse(files.read(path) ?? '');
    } catch {
      value = undefined;
    }
    return { path, value };
  });
}
