// One view's SQL in the target dialect, or the reasons it cannot be said exactly. node-sql-parser
// parses the source dialect and prints the target's; only what is known to mean the same on both
// engines passes (the functions and casts below); anything else is a reason, never a guess. The same
// engine on both sides keeps the engine's own text of the view.
import nodeSqlParser from 'node-sql-parser';

const { Parser } = nodeSqlParser as unknown as { Parser: new () => SqlParser };

interface SqlParser {
  astify(sql: string, opt: { database: string }): unknown;
  sqlify(ast: unknown, opt: { database: string }): string;
}

const PARSER_DIALECT: Readonly<Record<string, string>> = { postgres: 'PostgresQL', mysql: 'MySQL', mariadb: 'MariaDB', duckdb: 'PostgresQL', redshift: 'Redshift', snowflake: 'Snowflake' };

/** Functions with the same meaning and result type on both engines of a pair (lower case). */
const SAME_FUNCTIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  'postgres>duckdb': new Set(['count', 'sum', 'min', 'max', 'avg', 'coalesce', 'nullif', 'lower', 'upper', 'length', 'abs', 'greatest', 'least', 'date_trunc']),
  'mysql>postgres': new Set(['count', 'min', 'max', 'coalesce', 'nullif', 'lower', 'upper', 'abs', 'greatest', 'least']),
  'mariadb>postgres': new Set(['count', 'min', 'max', 'coalesce', 'nullif', 'lower', 'upper', 'abs', 'greatest', 'least']),
};
/** Casts whose target type means the same on both engines of a pair (upper case, no parameters). */
const SAME_CASTS: Readonly<Record<string, ReadonlySet<string>>> = {
  'postgres>duckdb': new Set(['TEXT', 'VARCHAR', 'INTEGER', 'INT', 'BIGINT', 'SMALLINT', 'DATE', 'BOOLEAN', 'DOUBLE PRECISION']),
  'mysql>postgres': new Set(['DATE']),
  'mariadb>postgres': new Set(['DATE']),
};

export interface Translation {
  readonly sql?: string;
  readonly reasons: readonly string[];
  /** schema.table names the query reads (as the source names them). */
  readonly reads: readonly string[];
}

function walk(node: unknown, visit: (n: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const x of node) walk(x, visit);
  } else if (node !== null && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    for (const v of Object.values(node)) walk(v, visit);
  }
}

function functionName(n: Record<string, unknown>): string | undefined {
  if (n.type === 'aggr_func' && typeof n.name === 'string') return n.name.toLowerCase();
  if (n.type === 'function') {
    const name = n.name as { name?: { value?: string }[] } | string | undefined;
    if (typeof name === 'string') return name.toLowerCase();
    const parts = name?.name?.map((p) => p.value ?? '').filter((p) => p !== '');
    return parts && parts.length > 0 ? parts.join('.').toLowerCase() : undefined;
  }
  return undefined;
}

export function translateView(sql: string, source: string, target: string): Translation {
  const body = sql.trim().replace(/;\s*$/, '');
  const parser = new Parser();
  let ast: unknown;
  try {
    ast = parser.astify(body, { database: PARSER_DIALECT[source] ?? 'PostgresQL' });
  } catch (e) {
    return { reasons: [`the ${source} parser cannot read it: ${(e as Error).message.split('\n')[0]!.slice(0, 160)}`], reads: [] };
  }
  const statements = Array.isArray(ast) ? ast : [ast];
  if (statements.length !== 1 || (statements[0] as { type?: string }).type !== 'select') return { reasons: ['not a single SELECT'], reads: [] };
  const reads = new Set<string>();
  const reasons = new Set<string>();
  const pair = `${source}>${target}`;
  walk(ast, (n) => {
    if (typeof n.table === 'string' && 'as' in n && !('column' in n) && n.db) reads.add(`${String(n.db)}.${n.table}`);
    const fn = functionName(n);
    if (fn !== undefined && source !== target && !SAME_FUNCTIONS[pair]?.has(fn)) reasons.add(`function ${fn}() is not known to behave the same in ${target}`);
    if (n.type === 'cast' && source !== target) {
      const to = (n.target as { dataType?: string; length?: number }[] | { dataType?: string; length?: number } | undefined);
      const list = Array.isArray(to) ? to : to ? [to] : [];
      for (const t of list) {
        const type = String(t.dataType ?? '').toUpperCase();
        if (!SAME_CASTS[pair]?.has(type) || t.length !== undefined) reasons.add(`cast to ${type}${t.length !== undefined ? `(${t.length})` : ''} does not mean the same type in ${target}`);
      }
    }
    if (n.type === 'window_func' || n.over) reasons.add('window functions are not translated');
  });
  if (source === target) return { sql: body, reasons: [], reads: [...reads].sort() };
  if (!SAME_FUNCTIONS[pair]) reasons.add(`no translation from ${source} to ${target} is known to be exact`);
  if (reasons.size > 0) return { reasons: [...reasons].sort(), reads: [...reads].sort() };
  // MySQL's qualified column references keep their backquoted parts as quoted-string nodes the printer
  // would copy verbatim; as plain names the target's printer quotes them its own way.
  walk(ast, (n) => {
    if (n.type !== 'column_ref') return;
    for (const k of ['db', 'schema', 'table'] as const) {
      const part = n[k] as { type?: string; value?: unknown } | undefined;
      if (part && typeof part === 'object' && part.type === 'backticks_quote_string' && typeof part.value === 'string') n[k] = part.value;
    }
  });
  const out = parser.sqlify(ast, { database: PARSER_DIALECT[target] ?? 'PostgresQL' });
  // The printer must speak the target's language only: no quoting of the source left, and the target's
  // parser reads it back.
  if (target !== 'mysql' && target !== 'mariadb' && out.includes('`')) return { reasons: [`the translator kept ${source} quoting in its output`], reads: [...reads].sort() };
  try {
    parser.astify(out, { database: PARSER_DIALECT[target] ?? 'PostgresQL' });
  } catch {
    return { reasons: [`the ${target} parser cannot read the translation back`], reads: [...reads].sort() };
  }
  return { sql: out, reasons: [], reads: [...reads].sort() };
}
