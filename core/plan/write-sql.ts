// The statements of the write half, per engine (pure SQL building): the target table from the mapping,
// the staging table named by plan digest and step, chunk replacement by key range, and the swap or merge
// that promotes staging in one transaction while keeping the table it replaced (named by plan version)
// for `rollback`.
import type { Dialect, TableName } from '../dialects/dialect.js';

export type WriteMode = 'replace' | 'merge' | 'append';

export interface KeyRange {
  /** Inclusive lower and exclusive upper bound of an integer key, as decimal text; absent: unbounded. */
  readonly lo?: string;
  readonly hi?: string;
}

const withSchema = (t: TableName, name: string): TableName => ({ ...(t.schema ? { schema: t.schema } : {}), name });

/** mc_stg_<digest 12>_<step>: a rerun of the same signed plan finds the same staging table. */
export function stagingTable(target: TableName, planSha256: string, stepId: string): TableName {
  return withSchema(target, `mc_stg_${planSha256.slice(0, 12)}_${stepId.replace(/-/g, '_')}`.slice(0, 63));
}

/** <table>__v<N>_replaced: the table a swap replaced, kept until CUTOVER_DONE. */
export function replacedTable(target: TableName, version: number): TableName {
  return withSchema(target, `${target.name}__v${version}_replaced`.slice(0, 63));
}

/** <table>__v<N>_rolled_back: what a rollback swapped out. */
export function rolledBackTable(target: TableName, version: number): TableName {
  return withSchema(target, `${target.name}__v${version}_rolled_back`.slice(0, 63));
}

export function createTableSql(d: Dialect, t: TableName, columns: readonly { name: string; type: string }[], keys: readonly string[]): string {
  const cols = columns.map((c) => `${d.quoteIdent(c.name)} ${c.type}${keys.includes(c.name) ? ' NOT NULL' : ''}`);
  // DuckDB cannot rename a table an index depends on, and a swap renames: its tables carry no key index.
  const pk = d.engine === 'duckdb' ? [] : [`PRIMARY KEY (${keys.map((k) => d.quoteIdent(k)).join(', ')})`];
  return `CREATE TABLE IF NOT EXISTS ${d.quoteTable(t)} (${[...cols, ...pk].join(', ')})`;
}

export function createStagingSql(d: Dialect, staging: TableName, like: TableName): string {
  if (d.engine === 'postgres') return `CREATE TABLE IF NOT EXISTS ${d.quoteTable(staging)} (LIKE ${d.quoteTable(like)} INCLUDING ALL)`;
  if (d.engine === 'mysql') return `CREATE TABLE IF NOT EXISTS ${d.quoteTable(staging)} LIKE ${d.quoteTable(like)}`;
  return `CREATE TABLE IF NOT EXISTS ${d.quoteTable(staging)} AS SELECT * FROM ${d.quoteTable(like)} LIMIT 0`;
}

export function rangePredicate(d: Dialect, key: string, r: KeyRange): string {
  const k = d.quoteIdent(key);
  const parts = [...(r.lo !== undefined ? [`${k} >= ${r.lo}`] : []), ...(r.hi !== undefined ? [`${k} < ${r.hi}`] : [])];
  return parts.length ? parts.join(' AND ') : '1 = 1';
}

export function deleteRangeSql(d: Dialect, t: TableName, key: string, r: KeyRange): string {
  return `DELETE FROM ${d.quoteTable(t)} WHERE ${rangePredicate(d, key, r)}`;
}

function rename(d: Dialect, from: TableName, to: TableName): string {
  return d.engine === 'mysql'
    ? `RENAME TABLE ${d.quoteTable(from)} TO ${d.quoteTable(to)}`
    : `ALTER TABLE ${d.quoteTable(from)} RENAME TO ${d.quoteIdent(to.name)}`;
}

/**
 * Promotes staging into target in one transaction: the target is renamed to its replaced name and the
 * new content takes its place (replace: staging itself; merge: the old rows whose keys staging lacks plus
 * staging; append: old rows plus staging). Statements to run in one transaction.
 */
export function promoteSql(d: Dialect, p: {
  target: TableName; staging: TableName; replaced: TableName; mode: WriteMode; keys: readonly string[]; columns: readonly string[];
}): string[] {
  const q = (t: TableName) => d.quoteTable(t);
  const cols = p.columns.map((c) => d.quoteIdent(c)).join(', ');
  const out = [rename(d, p.target, p.replaced)];
  if (p.mode === 'replace') {
    out.push(rename(d, p.staging, p.target));
    return out;
  }
  out.push(createStagingSql(d, p.target, p.replaced));
  if (p.mode === 'merge') {
    const match = p.keys.map((k) => `s.${d.quoteIdent(k)} = r.${d.quoteIdent(k)}`).join(' AND ');
    out.push(`INSERT INTO ${q(p.target)} (${cols}) SELECT ${cols} FROM ${q(p.replaced)} r WHERE NOT EXISTS (SELECT 1 FROM ${q(p.staging)} s WHERE ${match})`);
  } else {
    out.push(`INSERT INTO ${q(p.target)} (${cols}) SELECT ${cols} FROM ${q(p.replaced)}`);
  }
  out.push(`INSERT INTO ${q(p.target)} (${cols}) SELECT ${cols} FROM ${q(p.staging)}`);
  out.push(`DROP TABLE ${q(p.staging)}`);
  return out;
}

/** Swaps the replaced table back (one transaction): target -> rolled back, replaced -> target. */
export function rollbackSql(d: Dialect, target: TableName, replaced: TableName, rolledBack: TableName): string[] {
  return [rename(d, target, rolledBack), rename(d, replaced, target)];
}
