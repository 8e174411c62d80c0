// The citations check: every decision in reasoning.json rests on something that exists in what the
// agent was given. A rulebook entry by id, a catalog object by name, a profiling figure with the very
// value the profile holds, a policy value by JSON pointer. An agent (or a model) that cites what is
// not there fails, whichever provider produced it.
import type { Reasoning } from '../../core/types/generated.js';
import type { AgentContext, Citation } from './types.js';

type Profiled = NonNullable<AgentContext['profile']>['tables'][number];

function table(ctx: AgentContext, name: string): Profiled | undefined {
  return ctx.profile?.tables.find((t) => `${t.schema}.${t.name}` === name);
}

/** The profile's figure for a metric: row_count, profiled_rows, a column field, or pattern_<name>. */
export function profileFigure(ctx: AgentContext, tableName: string, column: string | undefined, metric: string): unknown {
  const t = table(ctx, tableName);
  if (!t) return undefined;
  if (column === undefined) return (t as unknown as Record<string, unknown>)[metric];
  const c = t.columns.find((x) => x.name === column);
  if (!c) return undefined;
  if (metric.startsWith('pattern_')) return c.patterns?.[metric.slice(8) as keyof NonNullable<typeof c.patterns>];
  return (c as unknown as Record<string, unknown>)[metric];
}

function catalogHas(ctx: AgentContext, object: string): boolean {
  const cat = ctx.catalog;
  if (!cat) return false;
  const parts = object.split('.');
  const rel = cat.relations.find((r) => r.schema === parts[0] && r.name === parts[1]);
  if (rel) return parts.length === 2 || (parts.length === 3 && rel.columns.some((c) => c.name === parts[2]));
  return parts.length === 2 && [...cat.enums, ...cat.domains].some((t) => t.schema === parts[0] && t.name === parts[1]);
}

function pointerValue(root: unknown, pointer: string): unknown {
  let v: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[token];
  }
  return v;
}

function problem(ctx: AgentContext, c: Citation): string | undefined {
  switch (c.kind) {
    case 'rulebook':
      return ctx.rulebook.entries.some((e) => e.id === c.entry) ? undefined : `rulebook entry "${c.entry}" does not exist`;
    case 'catalog':
      return catalogHas(ctx, c.object) ? undefined : `catalog object "${c.object}" is not in the catalog`;
    case 'policy':
      return pointerValue(ctx.policy, c.pointer) !== undefined ? undefined : `policy has nothing at ${c.pointer}`;
    case 'profiling': {
      const actual = profileFigure(ctx, c.table, c.column, c.metric);
      const where = `${c.table}${c.column ? `.${c.column}` : ''} ${c.metric}`;
      if (actual === undefined) return `profiling figure ${where} is not in the profile`;
      return actual === c.value ? undefined : `profiling figure ${where} is ${JSON.stringify(actual)} in the profile, not ${JSON.stringify(c.value)}`;
    }
  }
}

/** Every citation that does not hold, as "d-NNN: why". */
export function citationProblems(reasoning: Reasoning, ctx: AgentContext): string[] {
  const out: string[] = [];
  for (const d of reasoning.decisions) {
    if (d.citations.length === 0) out.push(`${d.id}: cites nothing`);
    for (const c of d.citations) {
      const p = problem(ctx, c as Citation);
      if (p) out.push(`${d.id}: ${p}`);
    }
  }
  return out;
}
