// RewriteAgent: each view in scope as a model in the target dialect (models/<schema>/<view>.sql, a
// CREATE OR REPLACE VIEW the plan runs after what it reads). What the translator cannot say exactly
// (translate.ts), a view reading a table that is not migrated or whose columns were renamed, and a
// view reading such a view, becomes a manual decision, never silently wrong SQL. Translations are
// proven by execution by `migration-copilot rewrite prove` (runner/prove): its models/proofs.json, when
// the repository holds one, is read here; a view it did not prove is a decision with the evidence rows.
// The translated views also go out as a dbt project (./dbt.ts).
import type { SchemaMapping } from '../../../core/types/generated.js';
import { topologicalOrder } from '../../../core/plan/compiler-order.js';
import { DIALECTS, type Engine } from '../../../core/dialects/index.js';
import { DecisionBook } from '../decisions.js';
import { legalRelation, qualified, views } from '../names.js';
import { ReasoningLog } from '../reasoning.js';
import type { Agent, AgentContext, AgentOutput, ProposedFile } from '../types.js';
import { PROOFS_FILE, parseProofs } from '../../../core/plan/proofs.js';
import { proofEvidence, proofOf, raiseProofDecision } from './proofs.js';
import { translateView } from '../../../core/dialects/translate/translate.js';
import { DBT_DIR, dbtProject } from './dbt.js';

export interface RewriteInput {
  readonly targetEngine: string;
  readonly mapping: SchemaMapping;
}

export interface RewrittenModel {
  readonly path: string;
  readonly source: string;
  readonly target: string;
  readonly reads: readonly string[];
  /** The translated SELECT, without the CREATE VIEW around it. */
  readonly select: string;
}

export interface RewriteResult {
  readonly models: readonly RewrittenModel[];
}

function run(input: RewriteInput, ctx: AgentContext): AgentOutput {
  const catalog = ctx.catalog;
  if (!catalog) throw new Error('RewriteAgent needs the source catalog');
  const log = new ReasoningLog('RewriteAgent', agent.version);
  const book = new DecisionBook(ctx.previousDecisions, ctx.raised, 'RewriteAgent');
  const source = catalog.engine;
  const target = input.targetEngine;
  const dialect = DIALECTS[(target === 'mariadb' ? 'mysql' : target) as Engine] as (typeof DIALECTS)[Engine] | undefined;
  const list = views(catalog.relations).filter(legalRelation);
  const byName = new Map(list.map((v) => [qualified(v), v]));
  const tables = new Map(input.mapping.tables.map((t) => [t.source, t]));
  const order = topologicalOrder([...byName.keys()].sort(), (n) => (byName.get(n)!.depends_on ?? []).filter((d) => byName.has(d)));
  const models: RewrittenModel[] = [];
  const files: ProposedFile[] = [];
  const done = new Set<string>();
  const proofs = parseProofs(ctx.files[PROOFS_FILE]);
  log.limitation('functions called by views were not read; their behaviour in the target is judged by name only');

  for (const name of order) {
    const v = byName.get(name)!;
    const t = translateView(v.view_sql ?? '', source, target);
    const reads = [...new Set([...(v.depends_on ?? []), ...t.reads])].sort();
    const reasons = [...t.reasons];
    for (const r of reads) {
      if (byName.has(r)) {
        if (!done.has(r)) reasons.push(`reads view ${r}, which is not translated`);
        continue;
      }
      const m = tables.get(r);
      if (!m) reasons.push(`reads ${r}, which is not migrated`);
      else if (m.target !== r || m.columns.some((c) => c.source !== c.target) || m.columns.length < (catalog.relations.find((x) => qualified(x) === r)?.columns.length ?? 0)) {
        reasons.push(`reads ${r}, whose name or columns differ in the target`);
      }
    }
    const cites = [{ kind: 'catalog' as const, object: name, detail: 'view definition' }, ...reads.filter((r) => catalogHas(ctx, r)).map((r) => ({ kind: 'catalog' as const, object: r }))];
    if (reasons.length > 0 || !t.sql || !dialect) {
      const d = book.raise({ kind: 'other', table: name, question: `View ${name} cannot be translated to ${target} exactly: ${reasons.join('; ') || 'no target dialect'}. How should it be migrated?`,
        options: { [`write models/${v.schema}/${v.name}.sql by hand`]: 'a person writes the view in the target dialect; the plan runs it after what it reads, and the proof by execution compares it with the source view',
          'do not migrate the view': 'consumers of the view must move to another source' },
        recommended: `write models/${v.schema}/${v.name}.sql by hand`, evidence: [`catalog ${name}: view`, ...reasons] });
      log.decide({ table: name, decision: `not translated (${reasons.join('; ')}); left to people as ${d.id}`, manualDecision: d.id, citations: cites, confidence: 0.9 });
      continue;
    }
    const path = `models/${v.schema}/${v.name}.sql`;
    const statement = `-- ${name}, translated from ${source} to ${target} by RewriteAgent; proven by execution where both engines are reachable.\n` +
      `CREATE OR REPLACE VIEW ${dialect.quoteTable({ schema: v.schema, name: v.name })} AS\n${t.sql};\n`;
    files.push({ path, content: statement });
    models.push({ path, source: name, target: name, reads, select: t.sql });
    done.add(name);
    const proof = proofOf(proofs, path, statement);
    const said = `translated to ${target} as ${path}${source === target ? ' (same engine: the source definition unchanged)' : ''}; reads ${reads.join(', ')}`;
    if (proof && proof.status !== 'proven') {
      const d = raiseProofDecision(book, proofs!, proof);
      log.decide({ table: name, decision: `${said}; NOT proven by execution (${proof.status}): left to people as ${d.id}`, manualDecision: d.id, citations: cites, confidence: 0.3,
        limitations: proofEvidence(proofs!, proof).slice(0, 3) });
    } else if (proof) {
      log.decide({ table: name, decision: `${said}; proven by execution on ${proofs!.target_engine} (${PROOFS_FILE}, ${proofs!.proven_at}): the same ${proof.rows?.source ?? 0} rows on both sides`,
        citations: cites, confidence: 0.98 });
    } else {
      log.decide({ table: name, decision: said, citations: cites, confidence: source === target ? 0.95 : 0.8,
        limitations: ['not yet proven by execution: run migration-copilot rewrite prove'] });
    }
  }
  const value: RewriteResult = { models };
  files.push(...dbtProject(models, input.mapping, byName, source, target));
  const index: ProposedFile = { path: 'models/README.md', content: `# Models\n\nViews of the source in the ${target} dialect, one file each, run by the plan's run_model steps` +
    (models.length > 0 ? `; the same views as a dbt project in \`${DBT_DIR}/\` (sources.yml with the key tests of the tables they read, schema.yml)` : '') + '.\n\n' +
    (models.length > 0 ? models.map((m) => `- \`${m.path}\`: ${m.source}`).join('\n') : '- none yet') + '\n' +
    (book.raised.length > 0 ? `\nNot translated (see contracts/manual_decisions_required.json): ${book.raised.map((d) => `${d.subject.table} (${d.id})`).join(', ')}.\n` : '') };
  return {
    proposal: { kind: 'rewrite', summary: `Translated ${models.length} of ${order.length} views to ${target}; ${book.raised.length} left to people.`, files: [...files, index], decisions: book.raised, value },
    reasoning: log.build('rewrite', []),
  };
}

function catalogHas(ctx: AgentContext, name: string): boolean {
  return ctx.catalog?.relations.some((r) => qualified(r) === name) ?? false;
}

export const agent: Agent<RewriteInput> = { name: 'RewriteAgent', version: '1.0.0', run };
