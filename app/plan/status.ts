// The plan pull request's status comment (marker status:<pull>): its check runs, the approvals still missing
// by role and by CODEOWNERS up to PLANNED -> EXECUTED (base branch rules, current head), the signed versions,
// the rows each step will touch according to the profile, and the risk level the policy grades. gather*
// reads GitHub; renderPlanStatus is pure (golden-tested). `/plan status` writes the comment; the reconciler
// refreshes it (refreshPlanStatus) whenever it converges the pull request, but never creates one.
import { approvalsInputFromRecord, evaluateApprovalsUpTo } from '../../core/approvals/index.js';
import { artifactValue, type MigrationContext } from '../../core/repo/index.js';
import { isState, type State } from '../../core/state/index.js';
import { recordApprovals } from '../github/approvals-record.js';
import { findMarkerComment, upsertMarkerComment } from '../github/marker.js';
import type { RepoJob } from '../job.js';
import { contextAt } from '../reconcile/tree-files.js';
import { gradeRisk, type Risk } from './risk.js';

export const STATUS_KIND = 'status';
const SIGN_TARGET: State = 'EXECUTED';

export interface PlanStatus {
  readonly pull: number;
  readonly head: string;
  readonly baseRef: string;
  readonly state: string;
  readonly checks: readonly { readonly name: string; readonly conclusion: string }[];
  /** "PLANNED->EXECUTED: data_owner (nobody approved)". */
  readonly missingRoles: readonly string[];
  /** "plans/migration_plan.json: @acme/data-leads (line 3)". */
  readonly missingOwners: readonly string[];
  readonly approvedBy: readonly string[];
  readonly signedVersions: readonly number[];
  readonly steps: readonly { readonly id: string; readonly kind: string; readonly table: string; readonly rows: number | undefined }[];
  readonly risk: Risk;
}

interface StepLike { readonly id: string; readonly kind: string; readonly source_table?: string; readonly target_table?: string }

function rowsByTable(head: MigrationContext): Map<string, number> {
  const profile = head.discovery.find((a) => a.schema === 'profiling_report')?.value as { tables?: readonly { name: string; row_count?: number }[] } | undefined;
  return new Map((profile?.tables ?? []).filter((t) => typeof t.row_count === 'number').map((t) => [t.name, t.row_count!]));
}

export async function gatherPlanStatus(job: RepoJob, pull: { number: number; baseRef: string }, base: MigrationContext): Promise<PlanStatus> {
  const where = { owner: job.owner, repo: job.repo };
  const record = await recordApprovals(job.port, { ...where, pull_number: pull.number });
  const head = (await contextAt(job, record.head_sha)).context;
  const runs = (await job.octokit.rest.checks.listForRef({ ...where, ref: record.head_sha, filter: 'latest', per_page: 100 })).data.check_runs;
  const state = base.project?.value?.state;
  const from: State = isState(state) && (state === 'PLAN_DRAFTED' || state === 'PLANNED') ? state : 'PLAN_DRAFTED';
  const config = base.config?.value;
  const policy = artifactValue(base.policy);
  const evaluated = evaluateApprovalsUpTo(from, SIGN_TARGET, approvalsInputFromRecord(record, {
    roles: config?.roles ?? {}, policy, codeowners: base.codeowners?.text ?? null,
  }));
  const missingRoles: string[] = [];
  const missingOwners = new Set<string>();
  for (const t of evaluated.transitions) {
    for (const r of t.roles.filter((x) => x.status === 'missing')) {
      const why = r.candidates_rejected.map((c) => `@${c.user}: ${c.reason}`).join('; ');
      missingRoles.push(`${t.transition}: ${r.role} (${why || 'nobody in the role approved'})`);
    }
    for (const c of t.codeowners.filter((x) => x.status === 'missing')) missingOwners.add(`${c.file}: ${c.owners.join(' ')}${c.line ? ` (CODEOWNERS line ${c.line})` : ''}`);
  }
  const rows = rowsByTable(head);
  const steps = ((head.plan?.value?.steps ?? []) as readonly StepLike[]).map((s) => {
    const table = s.source_table ?? s.target_table ?? '';
    return { id: s.id, kind: s.kind, table, rows: s.kind === 'create_table' ? 0 : rows.get(table) };
  });
  return {
    pull: pull.number, head: record.head_sha, baseRef: pull.baseRef, state: typeof state === 'string' ? state : 'unknown',
    checks: runs.map((r) => ({ name: r.name, conclusion: r.conclusion ?? r.status })).sort((a, b) => a.name.localeCompare(b.name)),
    missingRoles, missingOwners: [...missingOwners], approvedBy: evaluated.approvals.map((a) => `@${a.approver} (${a.role}, ${a.transition})`),
    signedVersions: head.signedVersions, steps, risk: gradeRisk(head, policy),
  };
}

const ICON: Readonly<Record<string, string>> = { success: '✅', failure: '❌', neutral: '⚠️', skipped: '⏭️' };

export function renderPlanStatus(s: PlanStatus): string {
  const rows = s.steps.map((st) => `| \`${st.id}\` | ${st.kind} | ${st.table || '–'} | ${st.rows === undefined ? 'not profiled' : st.rows.toLocaleString('en-US')} |`);
  return [
    `## Plan status of #${s.pull} at ${s.head.slice(0, 12)}`,
    '',
    `State **${s.state}** (project.json on ${s.baseRef}); risk **${s.risk.level}** as the policy grades it${s.risk.because.length ? `: ${s.risk.because.join(', ')}` : ' (no personal or sensitive column is copied)'}.`,
    '',
    '### Checks',
    s.checks.length ? s.checks.map((c) => `${ICON[c.conclusion] ?? '⏳'} \`${c.name}\` ${c.conclusion}`).join('  \n') : 'No check run on this head yet.',
    '',
    '### Approvals up to PLANNED->EXECUTED',
    s.approvedBy.length ? `Counted: ${s.approvedBy.join(', ')}.` : 'None counted yet.',
    ...(s.missingRoles.length ? ['', 'Still missing by role:', ...s.missingRoles.map((m) => `- ${m}`)] : ['', 'Every role is filled.']),
    ...(s.missingOwners.length ? ['', 'Still missing by CODEOWNERS (base branch):', ...s.missingOwners.map((m) => `- ${m}`)] : ['', 'Every changed file has a code owner\'s approval.']),
    '',
    '### Signed versions',
    s.signedVersions.length ? s.signedVersions.map((v) => `v${v}`).join(', ') : 'None yet: comment `/plan sign` when the checks pass and the approvals are in.',
    '',
    '### Rows each step will touch (from the profile)',
    '| step | kind | table | rows |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Writes (or edits in place) the status comment of the pull request; returns its id. */
export async function updatePlanStatus(job: RepoJob, pull: { number: number; baseRef: string }, base: MigrationContext): Promise<{ id: number; status: PlanStatus }> {
  const status = await gatherPlanStatus(job, pull, base);
  const written = await upsertMarkerComment(job, pull.number, STATUS_KIND, pull.number, renderPlanStatus(status));
  return { id: written.id, status };
}

/** Edits the status comment in place if someone asked for one (`/plan status`); creates none. */
export async function refreshPlanStatus(job: RepoJob, pull: { number: number; baseRef: string }, base: MigrationContext): Promise<'updated' | 'unchanged' | 'none'> {
  if (!(await findMarkerComment(job, pull.number, STATUS_KIND, pull.number))) return 'none';
  const status = await gatherPlanStatus(job, pull, base);
  return (await upsertMarkerComment(job, pull.number, STATUS_KIND, pull.number, renderPlanStatus(status))).action === 'unchanged' ? 'unchanged' : 'updated';
}
