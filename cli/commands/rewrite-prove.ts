// `migration-copilot rewrite prove`: proves the translated views of a proposed plan by execution
// (runner/prove): each view of the plan's run_model steps runs on the source and, translated, on a
// scratch database of the target engine holding the same rows, and recon compares the results. Writes
// models/proofs.json (the next `propose` cites it) and, for every view not proven, a manual decision
// with the evidence rows in contracts/manual_decisions_required.json, so signing stays blocked. Exit 1
// when a view is not proven. The source is read-only; only the scratch database is written.
import { resolve } from 'node:path';
import { DecisionBook, mergeDecisions } from '../../app/agents/decisions.js';
import { jsonFile } from '../../app/agents/orchestrator.js';
import { raiseProofDecision } from '../../app/agents/rewrite/proofs.js';
import { CopilotError } from '../../core/errors.js';
import { artifactValue, buildMigrationContext, REPO_PATHS } from '../../core/repo/index.js';
import type { ManualDecisionsRequired, MigrationPlan, SchemaMapping } from '../../core/types/generated.js';
import { openExtractor } from '../../runner/connectors/extract.js';
import { URI_FORMS } from '../../runner/connectors/open.js';
import { writeFilesAtomic } from '../../runner/discover/output.js';
import { PROOFS_FILE, type ProofReport } from '../../core/plan/proofs.js';
import { proofLines, proveViews } from '../../runner/prove/views.js';
import { Redactor } from '../../runner/secrets/redact.js';
import { parseFlags, requireFlag, type Command } from '../command.js';
import { notInRepo } from '../plan-inputs.js';
import { directoryRepoFiles } from '../repo-files.js';

type Decision = ManualDecisionsRequired['decisions'][number];

/** The repository's decisions with one raised for each view the proof did not prove. */
export function proofDecisions(report: ProofReport, previous: readonly Decision[]): Decision[] {
  const book = new DecisionBook(previous, [], 'RewriteAgent');
  for (const v of report.views.filter((x) => x.status !== 'proven')) raiseProofDecision(book, report, v);
  return mergeDecisions(previous, book.raised);
}

const command: Command = {
  name: 'rewrite prove',
  summary: 'Prove the translated views by execution: source view vs translation over the same rows, compared by recon.',
  usage: '  migration-copilot rewrite prove --repo DIR --source URI [--scratch URI] [--now ISO]\n' +
    `    URIs: ${URI_FORMS}\n` +
    '    --scratch  an empty database of the target engine the proof fills and empties (PostgreSQL targets; never the\n' +
    '               migration target). A DuckDB target is proven in a private temporary file.\n' +
    '    --now      the time recorded in the proofs (default: now)',
  async run(args, io) {
    const { values } = parseFlags(this, args, { repo: { type: 'string' }, source: { type: 'string' }, scratch: { type: 'string' }, now: { type: 'string' } });
    const repo = resolve(io.cwd, requireFlag(this, values.repo, 'repo'));
    const sourceUri = requireFlag(this, values.source, 'source');
    const now = values.now ?? new Date().toISOString();
    if (Number.isNaN(Date.parse(now))) throw new CopilotError('USAGE', `rewrite prove: --now "${now}" is not an ISO date-time`, { hint: `usage:\n${this.usage}` });
    const ctx = buildMigrationContext(directoryRepoFiles(repo));
    if (!ctx.project) throw notInRepo(repo, REPO_PATHS.project);
    if (!ctx.plan) throw notInRepo(repo, REPO_PATHS.plan);
    if (!ctx.mapping) throw notInRepo(repo, REPO_PATHS.mapping);
    const project = artifactValue(ctx.project);
    const plan = structuredClone(artifactValue(ctx.plan)) as MigrationPlan;
    const mapping = structuredClone(artifactValue(ctx.mapping)) as SchemaMapping;
    const policy = artifactValue(ctx.policy);
    const previous = ctx.manualDecisions ? (structuredClone(artifactValue(ctx.manualDecisions).decisions) as Decision[]) : [];
    const modelText = (path: string) => {
      const text = ctx.files.read(path);
      if (text === undefined) throw notInRepo(repo, path);
      return text;
    };
    const source = await openExtractor(sourceUri, io.env, new Redactor());
    let report: ProofReport;
    try {
      report = await proveViews({ source: source.read, ...(source.csv ? { csv: source.csv } : {}), targetEngine: project.target.engine, ...(values.scratch ? { scratchUri: values.scratch } : {}), env: io.env, plan, mapping, modelText,
        pii: policy.pii.rules.map((r) => ({ pattern: r.pattern, masking: r.masking })), now });
    } finally {
      await source.close();
    }
    const decisions = proofDecisions(report, previous);
    await writeFilesAtomic(repo, [{ path: PROOFS_FILE, content: jsonFile(report) },
      { path: REPO_PATHS.manualDecisions, content: jsonFile({ decisions }) }]);
    for (const line of proofLines(report)) io.stdout.write(`${line}\n`);
    const bad = report.views.filter((v) => v.status !== 'proven').length;
    io.stderr.write(`rewrite prove: ${report.views.length - bad} of ${report.views.length} views proven; wrote ${PROOFS_FILE}` +
      `${bad > 0 ? ` and ${bad} manual decisions in ${REPO_PATHS.manualDecisions}: signing stays blocked until they are resolved` : ''}\n`);
    return bad > 0 ? 1 : 0;
  },
};

export default command;
