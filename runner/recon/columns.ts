// Resolves the compared columns of one table on both sides: names matched (exactly, else ignoring
// case), the logical type taken from the source's catalog, the mapped scale and text rules applied.
import type { CatalogColumn, Dialect, TableName } from '../../core/dialects/index.js';
import { CopilotError } from '../../core/errors.js';
import type { HashColumn, TextRules } from '../../core/hashing/types.js';

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
}

function label(t: TableName): string {
  return t.schema ? `${t.schema}.${t.name}` : t.name;
}

function find(cat: readonly CatalogColumn[], name: string): CatalogColumn | undefined {
  return cat.find((c) => c.name === name) ?? cat.find((c) => c.name.toLowerCase() === name.toLowerCase());
}

export function resolveColumns(
  choice: ColumnChoice,
  src: { dialect: Dialect; table: TableName; catalog: readonly CatalogColumn[]; location: string },
  tgt: { table: TableName; catalog: readonly CatalogColumn[]; location: string },
): ResolvedColumns {
  if (src.catalog.length === 0) {
    throw new CopilotError('INPUT_INVALID', `table ${label(src.table)} not found on the source (${src.location})`, { hint: 'check --table (SCHEMA.TABLE)' });
  }
  if (tgt.catalog.length === 0) {
    throw new CopilotError('INPUT_INVALID', `table ${label(tgt.table)} not found on the target (${tgt.location})`, { hint: 'check --target-table (SCHEMA.TABLE)' });
  }
  const wanted = choice.columns && choice.columns.length > 0 ? [...choice.columns] : src.catalog.map((c) => c.name);
  const names = [...choice.key, ...wanted.filter((n) => !choice.key.some((k) => k.toLowerCase() === n.toLowerCase()))];
  const sourceKey: HashColumn[] = [];
  const sourceCols: HashColumn[] = [];
  const targetKey: HashColumn[] = [];
  const targetCols: HashColumn[] = [];
  names.forEach((name, i) => {
    const s = find(src.catalog, name);
    if (!s) throw new CopilotError('INPUT_INVALID', `column "${name}" not found in ${label(src.table)} on the source`, { hint: `columns there: ${src.catalog.map((c) => c.name).join(', ')}` });
    const t = find(tgt.catalog, name);
    if (!t) throw new CopilotError('INPUT_INVALID', `column "${name}" not found in ${label(tgt.table)} on the target`, { hint: `columns there: ${tgt.catalog.map((c) => c.name).join(', ')}; or list --columns` });
    const logical = src.dialect.logicalTypeOf(s.dataType, s.scale);
    if (!logical) {
      throw new CopilotError('INPUT_INVALID', `column "${s.name}" has type ${s.dataType}, which the hashing spec does not cover`, { hint: 'leave it out with --columns' });
    }
    const scale = choice.scale?.[s.name] ?? (logical === 'decimal' ? s.scale ?? t.scale ?? undefined : undefined);
    if (logical === 'decimal' && scale === undefined) {
      throw new CopilotError('INPUT_INVALID', `column "${s.name}" is a decimal without a scale on either side`, { hint: 'give the mapped scale (schema mapping) so both sides compare at the same scale' });
    }
    const text = choice.text?.[s.name];
    const base = { logical, ...(scale !== undefined ? { scale } : {}), ...(text ? { text } : {}) };
    const sc: HashColumn = { ...base, name: s.name, physical: s.dataType, physicalScale: s.scale };
    const tc: HashColumn = { ...base, name: t.name, physical: t.dataType, physicalScale: t.scale };
    if (i < choice.key.length) {
      sourceKey.push(sc);
      targetKey.push(tc);
    } else {
      sourceCols.push(sc);
      targetCols.push(tc);
    }
  });
  return { sourceKey, sourceCols, targetKey, targetCols };
}
