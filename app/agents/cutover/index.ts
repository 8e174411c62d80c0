// CutoverAgent: runbooks/cutover.md and runbooks/rollback.md from the plan, the policy's approvals and
// the roles of .migration/config.yml: freeze, final sync, verification gates, switch, and the rollback
// trigger and steps, each with its owners. Recon results, when the repository has them, set the gate.
import { parse } from 'yaml';
import type { MigrationPlan } from '../../../core/types/generated.js';
import { ReasoningLog } from '../reasoning.js';
import type { Agent, AgentContext, AgentOutput } from '../types.js';

export interface CutoverInput {
  readonly plan: MigrationPlan;
}

type Roles = Record<string, { users?: string[]; teams?: string[] } | undefined>;

function owners(roles: Roles, role: string): string {
  const r = roles[role];
  const who = [...(r?.users ?? []).map((u) => `@${u}`), ...(r?.teams ?? []).map((t) => `@${t}`)];
  return `${role}${who.length > 0 ? ` (${who.join(', ')})` : ' (nobody assigned in .migration/config.yml)'}`;
}

function run(input: CutoverInput, ctx: AgentContext): AgentOutput {
  const log = new ReasoningLog('CutoverAgent', agent.version);
  const plan = input.plan;
  const configText = ctx.files['.migration/config.yml'];
  const roles: Roles = configText ? ((parse(configText) as { roles?: Roles } | null)?.roles ?? {}) : {};
  if (!configText) log.limitation('.migration/config.yml not given: owners are named by role only');
  const approvals = ctx.policy.approvals as Record<string, readonly string[] | undefined>;
  const by = (transition: string, fallback: string) => (approvals[transition] ?? [fallback]).map((r) => owners(roles, r)).join(' and ');
  const reconFiles = Object.keys(ctx.files).filter((p) => /^reconciliation\/v\d+\/recon_report\.json$/.test(p)).sort();
  const lastRecon = reconFiles.at(-1);
  let gate = `reconciliation of plan v${plan.version} (\`reconciliation/v${plan.version}/recon_report.json\`) within tolerance for all ${plan.recon.tables.length} tables`;
  if (lastRecon) {
    const status = (JSON.parse(ctx.files[lastRecon]!) as { summary?: { status?: string } }).summary?.status;
    gate += `; the latest report, \`${lastRecon}\`, says **${status ?? 'unknown'}**`;
  }
  const tables = plan.recon.tables.map((t) => `\`${t.target_table}\``).join(', ');
  const cutover = [`# Cutover runbook: ${plan.project_id}, plan v${plan.version}`, '',
    `From ${plan.source.engine} (\`${plan.source.connection}\`) to ${plan.target.engine} (\`${plan.target.connection}\`). Proposed by CutoverAgent from \`plans/migration_plan.json\`; each step names its owners from the roles of \`.migration/config.yml\`.`, '',
    '| # | step | owners | done when |', '|---|---|---|---|',
    `| 1 | **Freeze**: stop writes to the source tables in scope (${plan.recon.tables.length} tables) | ${by('CUTOVER_READY->CUTOVER_DONE', 'release_manager')} | writers are paused and the source row counts are stable for 5 minutes |`,
    `| 2 | **Final sync**: run the signed plan again (\`migration-copilot execute --tag plan/v${plan.version} --resume\`) | ${owners(roles, 'release_manager')} | the execution report shows every step succeeded |`,
    `| 3 | **Verify**: ${gate} | ${by('RECONCILED->PARALLEL_VALIDATED', 'qa_lead')} | 0 differences beyond the plan's tolerances |`,
    `| 4 | **Switch**: point readers and writers at the target (${tables}) | ${by('CUTOVER_READY->CUTOVER_DONE', 'release_manager')} | applications read from the target; the source stays frozen |`,
    `| 5 | **Watch**: compare business totals for one day | ${owners(roles, 'business_owner')} | sign-off recorded on the cutover pull request |`, '',
    `Rollback trigger: any difference beyond tolerance at step 3, or an application error rate above normal within the watch window of step 5. Then follow \`runbooks/rollback.md\`.`, ''].join('\n');
  const rollback = [`# Rollback runbook: ${plan.project_id}, plan v${plan.version}`, '',
    'When: the trigger of `runbooks/cutover.md` fired, before CUTOVER_DONE is merged.', '',
    '| # | step | owners |', '|---|---|---|',
    `| 1 | Stop writes to the target | ${owners(roles, 'release_manager')} |`,
    `| 2 | Point readers and writers back at the source (it stayed frozen, so nothing is lost) | ${owners(roles, 'release_manager')} |`,
    `| 3 | Swap the target tables back to the ones the plan replaced: \`migration-copilot rollback --tag plan/v${plan.version}\` (one transaction) | ${owners(roles, 'data_owner')} |`,
    `| 4 | Unfreeze the source | ${owners(roles, 'release_manager')} |`,
    `| 5 | Record what happened on the cutover pull request; a new plan version fixes the cause | ${owners(roles, 'tech_lead')} |`, ''].join('\n');
  const first = plan.recon.tables[0]?.source_table ?? plan.steps[0]!.target_table;
  log.decide({ table: first, decision: 'owners of freeze, switch and rollback are the roles the policy requires for CUTOVER_READY -> CUTOVER_DONE; verification is the qa_lead\'s',
    citations: [{ kind: 'policy', pointer: '/approvals/CUTOVER_READY->CUTOVER_DONE' }], confidence: 0.9,
    ...(lastRecon ? {} : { limitations: ['no reconciliation report yet: the verification gate names the report to come'] }) });
  return {
    proposal: { kind: 'cutover', summary: `Cutover and rollback runbooks for plan v${plan.version}.`, files: [{ path: 'runbooks/cutover.md', content: cutover }, { path: 'runbooks/rollback.md', content: rollback }], decisions: [] },
    reasoning: log.build('cutover', []),
  };
}

export const agent: Agent<CutoverInput> = { name: 'CutoverAgent', version: '1.0.0', run };
