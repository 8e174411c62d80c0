// Resolves the compared columns of one table on both sides: names matched (exactly, else ignoring
// case), each side's logical type from its own catalog, the mapped scale and text rules applied. A
// column whose logical types differ is a schema difference: compared through a common canonical form
// where the spec has one (core/recon/schema-compare.ts), else left out, or refused when it was asked
// for (a key, or a column named in --columns).
import type { CatalogColumn, Dialect, TableName } from '../../core/dialects/index.js';
import { CopilotError } from '../../core/errors.js';
import type { HashColumn, TextRules } from '../../core/hashing/types.js';
import type { SchemaDifference } from '../../core/recon/report-types.js';
import { comparison, logicalOf, type LogicalInfo } from '../../core/recon/schema-compare.js';

export interface ColumnChoice {
  readonly key: readonly string[];
  readonly columns?: readonly string[];
  readonly scale?: Readonly<Record<string, number>>;
  readonly text?: Readonly<Record<string, TextRules>>;
}

export interface ResolvedColumns {
  readonly sourceKey: HashColumn[];
  readonly sourceCols: HashColumn[];
  readonly targetKey: HashColumn[];
  readonly targetCols: HashColumn[];
  /** Columns whose logical type differs between the two catalogs. */
  readonly schemaDifferences: SchemaDifference[];
}

function label(t: TableName): string {
  return t.schema ? `${t.schema}.${t.name}` : t.name;
}

function find(cat: readonly CatalogColumn[], name: string): CatalogColumn | undefined {
  return cat.find((c) => c.name === name) ?? cat.find((c) => c.name.toLowerCase() === name.toLowerCase());
}

interface Side {
  readonly dialect: Dialect;
  readonly table: TableName;
  readonly catalog: readonly CatalogColumn[];
  readonly location: string;
}

export function resolveColumns(choice: ColumnChoice, src: Side, tgt: Side): ResolvedColumns {
  if (src.catalog.length === 0) {
    throw new CopilotError('INPUT_INVALID', `table ${label(src.table)} not found on the source (${src.location})`, { hint: 'check --table (SCHEMA.TABLE)' });
  }
  if (tgt.catalog.length === 0) {
    throw new CopilotError('INPUT_INVALID', `table ${label(tgt.table)} not found on the target (${tgt.location})`, { hint: 'check --target-table (SCHEMA.TABLE)' });
  }
  const asked = choice.columns && choice.columns.length > 0;
  const wanted = asked ? [...choice.columns!] : src.catalog.map((c) => c.name);
  const names = [...choice.key, ...wanted.filter((n) => !choice.key.some((k) => k.toLowerCase() === n.toLowerCase()))];
  const out: ResolvedColumns = { sourceKey: [], sourceCols: [], targetKey: [], targetCols: [], schemaDifferences: [] };
  names.forEach((name, i) => {
    const isKey = i < choice.key.length;
    const s = find(src.catalog, name);
    if (!s) throw new CopilotError('INPUT_INVALID', `column "${name}" not found in ${label(src.table)} on the source`, { hint: `columns there: ${src.catalog.map((c) => c.name).join(', ')}` });
    const t = find(tgt.catalog, name);
    if (!t) throw new CopilotError('INPUT_INVALID', `column "${name}" not found in ${label(tgt.table)} on the target`, { hint: `columns there: ${tgt.catalog.map((c) => c.name).join(', ')}; or list --columns` });
    const sl = logicalOf(src.dialect, s);
    const tl = logicalOf(tgt.dialect, t);
    if (!sl.logical && !tl.logical) {
      throw new CopilotError('INPUT_INVALID', `column "${s.name}" has type ${s.dataType}, which the hashing spec does not cover`, { hint: 'leave it out with --columns' });
    }
    const plan = comparison(sl, tl);
    if (!plan.same) {
      out.schemaDifferences.push({
        column: s.name, source_type: s.dataType, target_type: t.dataType,
        source_logical: sl.logical ?? null, target_logical: tl.logical ?? null, compared_as: plan.as ?? null,
      });
    }
    if (!plan.as) {
      if (isKey || asked) {
        throw new CopilotError('INPUT_INVALID', `column "${s.name}" cannot be compared: it is ${s.dataType} (${sl.logical ?? 'not covered'}) on the source ` +
          `and ${t.dataType} (${tl.logical ?? 'not covered'}) on the target, and the hashing spec has no canonical form common to both`, {
          hint: isKey ? 'reconcile on a key whose types agree on both sides' : 'leave it out of --columns, or convert it on one side first',
        });
      }
      return;
    }
    const logical = plan.as === 'text' ? undefined : plan.as;
    // A decimal compares at the mapped scale, else at the scale both sides declare, else (an
    // unconstrained numeric on either side) by exact value.
    const decimals = [sl, tl].filter((x) => x.logical === 'decimal');
    const declared = decimals.every((x) => x.scale !== undefined) ? decimals[0]?.scale : undefined;
    const scale = choice.scale?.[s.name] ?? (logical === 'decimal' ? declared : undefined);
    const text = choice.text?.[s.name];
    const column = (c: CatalogColumn, own: LogicalInfo): HashColumn => ({
      name: c.name, physical: c.dataType, physicalScale: c.scale,
      // Through canonical text: each side writes its own canonical form, escaped as text.
      ...(logical ? { logical } : { logical: own.logical!, escape: true }),
      ...(own.element ? { element: own.element } : {}),
      // Through canonical text each side keeps its own scale: a numeric(12,2) writes 2.50.
      ...(logical ? (scale !== undefined ? { scale } : {}) : own.scale !== undefined ? { scale: own.scale } : {}),
      ...(text ? { text } : {}),
    });
    const sc = column(s, sl);
    const tc = column(t, tl);
    if (isKey) {
      out.sourceKey.push(sc);
      out.targetKey.push(tc);
    } else {
      out.sourceCols.push(sc);
      out.targetCols.push(tc);
    }
  });
  return out;
}
