// ProfilingAgent: the raw profile becomes discovery/profiling_report.json: row counts, null rates,
// cardinality, lengths and precision, types as found in the data (text that is always a date,
// numbers stored as text) and PII candidates by name (the policy's rules) and by pattern (emails,
// phones, card numbers), with samples already masked by the runner.
import type { ProfilingReport } from '../../../core/types/generated.js';
import { legalName } from '../names.js';
import { jsonFile } from '../orchestrator.js';
import { ReasoningLog } from '../reasoning.js';
import { piiPatterns, type PatternKind } from './patterns.js';
import type { Agent, AgentContext, AgentOutput, Citation } from '../types.js';

type ColumnProfile = ProfilingReport['tables'][number]['columns'][number];
type Pii = NonNullable<ColumnProfile['pii']>;

const PATTERN_PII: Readonly<Record<PatternKind, Pii>> = { email: 'pii', phone: 'pii', card_number: 'financial' };

function run(_input: Record<string, never>, ctx: AgentContext): AgentOutput {
  const profile = ctx.profile;
  if (!profile) throw new Error('ProfilingAgent needs the source profile (run profile first)');
  const log = new ReasoningLog('ProfilingAgent', agent.version);
  const rules = ctx.policy.pii.rules;
  let candidates = 0;
  const tables = profile.tables.filter((t) => legalName(t.schema) && legalName(t.name)).map((t) => {
    const name = `${t.schema}.${t.name}`;
    if (t.profiled_rows < t.row_count) log.limitation(`${name}: statistics from a hash sample of ${t.profiled_rows} of ${t.row_count} rows`);
    const columns = t.columns.filter((c) => legalName(c.name)).map((c): ColumnProfile => {
      const rows = t.profiled_rows;
      const nonnull = rows - c.null_count;
      const p = c.patterns;
      const out: ColumnProfile = {
        name: c.name, type: c.type.slice(0, 200), null_count: c.null_count, null_rate: rows === 0 ? 0 : Math.round((c.null_count / rows) * 1e6) / 1e6,
        ...(c.distinct_count !== null && c.distinct_count !== undefined ? { distinct_count: c.distinct_count } : {}),
        ...(c.min !== undefined ? { min: c.min } : {}), ...(c.max !== undefined ? { max: c.max } : {}),
        ...(c.min_length !== null && c.min_length !== undefined ? { min_length: c.min_length } : {}),
        ...(c.max_length !== null && c.max_length !== undefined ? { max_length: c.max_length } : {}),
        ...(c.avg_length !== null && c.avg_length !== undefined ? { avg_length: c.avg_length } : {}),
        ...(c.max_scale !== null && c.max_scale !== undefined ? { max_scale: c.max_scale, max_precision: (c.max_integer_digits ?? 0) + c.max_scale } : {}),
        ...(p ? { has_trailing_whitespace: (p.trailing_whitespace ?? 0) > 0, has_non_ascii: (p.non_ascii ?? 0) > 0, pattern_counts: { ...p } } : {}),
        ...(c.masking ? { masking: c.masking } : {}), ...(c.samples ? { samples: [...c.samples] } : {}),
      };
      const limits = t.profiled_rows < t.row_count ? [`sampled ${t.profiled_rows} of ${t.row_count} rows`] : [];
      // Types as found in the data.
      if (p && nonnull > 0) {
        const found = (p.date_text ?? 0) === nonnull ? 'date stored as text' : (p.integer_text ?? 0) === nonnull ? 'integer stored as text'
          : (p.integer_text ?? 0) + (p.decimal_text ?? 0) === nonnull ? 'decimal stored as text' : undefined;
        if (found) {
          out.inferred_type = found;
          const metric = found.startsWith('date') ? 'date_text' : found.startsWith('integer') ? 'integer_text' : 'decimal_text';
          log.decide({ table: name, column: c.name, decision: `${c.type} holds ${found}: every one of ${nonnull} non-null values matches`, confidence: limits.length ? 0.8 : 0.95, limitations: limits,
            citations: [{ kind: 'profiling', table: name, column: c.name, metric: `pattern_${metric}`, value: p[metric as keyof typeof p] ?? 0 }] });
        }
      }
      // PII candidates: by name (policy rule), by pattern (values).
      const evidence: ('name' | 'pattern')[] = [];
      const cites: Citation[] = [];
      let pii: Pii | undefined;
      const ruleIndex = rules.findIndex((r) => new RegExp(r.pattern, 'i').test(c.name));
      if (ruleIndex >= 0) {
        evidence.push('name');
        pii = rules[ruleIndex]!.classification as Pii;
        cites.push({ kind: 'policy', pointer: `/pii/rules/${ruleIndex}/pattern` });
      }
      for (const m of piiPatterns(c, rows)) {
        if (!evidence.includes('pattern')) evidence.push('pattern');
        pii = pii ?? PATTERN_PII[m.pattern];
        cites.push({ kind: 'profiling', table: name, column: c.name, metric: `pattern_${m.pattern}`, value: m.count });
      }
      if (pii) {
        candidates++;
        out.pii = pii;
        out.pii_evidence = evidence;
        log.decide({ table: name, column: c.name, decision: `PII candidate (${pii}) by ${evidence.join(' and ')}; samples masked as ${c.masking ?? 'none'}`,
          citations: cites, confidence: evidence.length === 2 ? 0.95 : evidence[0] === 'name' ? 0.8 : 0.7,
          limitations: evidence.includes('pattern') ? limits : ['by the column name only; values not matched against a pattern', ...limits] });
      }
      return out;
    });
    return { name, row_count: t.row_count, profiled_rows: t.profiled_rows, columns };
  });
  for (const t of tables) {
    log.decide({ table: t.name, decision: `${t.row_count} rows${t.profiled_rows < t.row_count ? `, statistics over a hash sample of ${t.profiled_rows}` : ''}`,
      citations: [{ kind: 'profiling', table: t.name, metric: 'row_count', value: t.row_count }], confidence: 1 });
  }
  const rate = Math.min(1, ...tables.filter((t) => t.row_count > 0).map((t) => t.profiled_rows / t.row_count));
  const doc: ProfilingReport = {
    project_id: ctx.project.project_id, engine: profile.engine, profiled_at: profile.captured_at,
    sample: { method: profile.sample.method, rate: Math.max(rate, 1e-6) }, tables,
  };
  const summary = `Profiled ${tables.length} tables (${tables.reduce((s, t) => s + t.row_count, 0)} rows); ${candidates} PII candidates; ` +
    `${tables.flatMap((t) => t.columns).filter((c) => c.inferred_type).length} columns whose values are another type than declared.`;
  return {
    proposal: { kind: 'profiling', summary, files: [{ path: 'discovery/profiling_report.json', content: jsonFile(doc), schema: 'profiling_report' }], decisions: [], value: doc },
    reasoning: log.build('profiling', []),
  };
}

export const agent: Agent<Record<string, never>> = { name: 'ProfilingAgent', version: '1.0.0', run };
