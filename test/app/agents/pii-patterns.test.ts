// PII by pattern takes the share of the rows profiled, not of the distinct values: a column whose
// non-null values are mostly emails is personal data in both the profiling report and the mapping; a
// column with a couple of emails among a thousand values is neither, however few distinct values it has.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { agent as mapping } from '../../../app/agents/mapping/index.js';
import { runAgent } from '../../../app/agents/orchestrator.js';
import { agent as profiling } from '../../../app/agents/profiling/index.js';
import { MemorySink } from '../../../app/agents/sink.js';
import type { AgentContextData } from '../../../app/agents/types.js';
import type { ProfilingReport, SchemaMapping } from '../../../core/types/generated.js';
import { smallContext } from './context.js';

/** 1000 rows: `contact` holds 900 emails and 100 NULLs; `remark` 2 emails among 1000 values of 3 distinct. */
function context(): AgentContextData {
  const ctx = smallContext();
  const rel = ctx.catalog!.relations[0]!;
  const cols = [...rel.columns, { name: 'contact', ordinal: 4, type: 'text', type_kind: 'base' as const, nullable: true },
    { name: 'remark', ordinal: 5, type: 'text', type_kind: 'base' as const, nullable: true }];
  const t = ctx.profile!.tables[0]!;
  return {
    ...ctx,
    catalog: { ...ctx.catalog!, relations: [{ ...rel, row_estimate: 1000, columns: cols }] },
    profile: { ...ctx.profile!, tables: [{ ...t, row_count: 1000, profiled_rows: 1000, columns: [
      { name: 'id', type: 'integer', null_count: 0, distinct_count: 1000, min: 1, max: 1000 },
      { name: 'email', type: 'text', null_count: 0, distinct_count: 1000, patterns: { email: 1000 } },
      { name: 'balance', type: 'numeric', null_count: 0, distinct_count: 3, max_scale: 4, max_integer_digits: 6 },
      { name: 'contact', type: 'text', null_count: 100, distinct_count: 900, patterns: { email: 900 } },
      { name: 'remark', type: 'text', null_count: 0, distinct_count: 3, patterns: { email: 2 } },
    ] }] },
  };
}

describe('PII by pattern', () => {
  it('the ProfilingAgent flags a column by the share of its sampled rows', async () => {
    const run = await runAgent(profiling, {}, context(), new MemorySink());
    const cols = (run.value as ProfilingReport).tables[0]!.columns;
    expect(cols.find((c) => c.name === 'contact')).toMatchObject({ pii: 'pii', pii_evidence: ['pattern'] });
    expect(cols.find((c) => c.name === 'remark')?.pii).toBeUndefined();
  });

  it('the MappingAgent masks the same column and not the one with two emails in a thousand values', async () => {
    const run = await runAgent(mapping, { targetEngine: 'duckdb' }, context(), new MemorySink());
    const doc = parse(run.files[0]!.content) as SchemaMapping;
    const col = (n: string) => doc.tables[0]!.columns.find((c) => c.source === n)!;
    expect(col('contact')).toMatchObject({ pii: 'pii', masking: 'hash' });
    expect(col('remark').pii).toBeUndefined();
    const d = run.decisions.find((x) => x.subject.column === 'contact')!;
    expect(d.evidence).toContain('profile contact: 900 of 900 non-null values match the email pattern');
    expect(run.decisions.some((x) => x.subject.column === 'remark')).toBe(false);
  });
});
