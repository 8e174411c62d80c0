// One view's SQL in the target dialect, or the reasons it cannot be said exactly. node-sql-parser
// parses the source dialect and prints the target's; only what is known to mean the same on both
// engines passes (pairs.ts; the MySQL forms of mysql-forms.ts are rewritten to their exact PostgreSQL
// form); anything else is a reason, never a guess. What the translator adds so that the target means
// what the source meant: the source's NULL ordering made explicit where the target's default differs,
// Hive's and MySQL's double-quoted strings as strings. The same engine on both sides keeps the
// engine's own text of the view.
import { createRequire } from 'node:module';
import { functionName, setFunctionName, walk, type Node } from './ast.js';
import { unreadHiveClauses } from './hive-forms.js';
import { segments, withoutUtf8Introducers } from './lexical.js';
import { MYSQL_REWRITTEN, mysqlReasons, rewriteMysql } from './mysql-forms.js';
import { CAST_LITERAL_ONLY, DIVISION_DIFFERS, ENGINE_NAME, explicitNulls, FUNCTION_REASONS, PARSER_DIALECT, RENAMED_FUNCTIONS, SAME_CASTS, SAME_FUNCTIONS } from './pairs.js';

interface SqlParser {
  astify(sql: string, opt: { database: string }): unknown;
  sqlify(ast: unknown, opt: { database: string }): string;
}

const require = createRequire(import.meta.url);
const parsers = new Map<string, SqlParser>();

/**
 * The parser of one dialect (a PARSER_DIALECT value), loaded on first use from its own build, named by the
 * dialect in lower case (node-sql-parser/build/postgresql, .../mysql): the package's main entry holds every
 * dialect's grammar (with its source map, about 35 MB of heap in each process that merely imports it,
 * such as a runner that never translates a view).
 */
function parserFor(database: string): SqlParser {
  let parser = parsers.get(database);
  if (!parser) {
    const { Parser } = require(`node-sql-parser/build/${database.toLowerCase()}`) as { Parser: new () => SqlParser };
    parser = new Parser();
    parsers.set(database, parser);
  }
  return parser;
}

export interface Translation {
  readonly sql?: string;
  readonly reasons: readonly string[];
  /** schema.table names the query reads (as the source names them). */
  readonly reads: readonly string[];
}

const MYSQL_LIKE = new Set(['mysql', 'mariadb']);
/** Sources whose string literals read backslash escapes and take double quotes as string quotes. */
const BACKSLASH_STRINGS = new Set(['mysql', 'mariadb', 'hive']);

function castReasons(n: Node, pair: string, target: string): string[] {
  const to = n.target as { dataType?: string; length?: number }[] | { dataType?: string; length?: number } | undefined;
  const list = Array.isArray(to) ? to : to ? [to] : [];
  const operand = n.expr as Node | undefined;
  const out: string[] = [];
  for (const t of list) {
    const type = String(t.dataType ?? '').toUpperCase();
    const literalOk = !CAST_LITERAL_ONLY.has(pair) || (type === 'DATE' && operand?.type === 'single_quote_string' && /^\d{4}-\d{2}-\d{2}$/.test(String(operand.value)));
    if (!SAME_CASTS[pair]?.has(type) || t.length !== undefined) out.push(`cast to ${type}${t.length !== undefined ? `(${t.length})` : ''} does not mean the same type in ${target}`);
    else if (!literalOk) out.push(`cast to ${type} of anything but a 'YYYY-MM-DD' literal: the source gives NULL where the value does not convert, ${target} fails`);
  }
  return out;
}

export function translateView(sql: string, source: string, target: string): Translation {
  const body = sql.trim().replace(/;\s*$/, '');
  const text = MYSQL_LIKE.has(source) && source !== target ? withoutUtf8Introducers(body) : body;
  const [sourceDb, targetDb] = [PARSER_DIALECT[source] ?? 'PostgresQL', PARSER_DIALECT[target] ?? 'PostgresQL'];
  let ast: unknown;
  try {
    ast = parserFor(sourceDb).astify(text, { database: sourceDb });
  } catch (e) {
    const named = source === 'hive' ? unreadHiveClauses(text) : [];
    return { reasons: named.length > 0 ? named : [`the ${source} parser cannot read it: ${(e as Error).message.split('\n')[0]!.slice(0, 160)}`], reads: [] };
  }
  const statements = Array.isArray(ast) ? ast : [ast];
  if (statements.length !== 1 || (statements[0] as { type?: string }).type !== 'select') return { reasons: ['not a single SELECT'], reads: [] };
  const reads = new Set<string>();
  const reasons = new Set<string>();
  const pair = `${source}>${target}`;
  const renamed = RENAMED_FUNCTIONS[pair] ?? {};
  walk(ast, (n) => {
    if (typeof n.table === 'string' && 'as' in n && !('column' in n) && n.db) reads.add(`${String(n.db)}.${n.table}`);
    if (source === target) return;
    const fn = functionName(n);
    // MySQL's CONCAT and IF are rewritten, its GROUP_CONCAT has its own reason (mysql-forms.ts).
    const ownRule = MYSQL_LIKE.has(source) && target === 'postgres' && fn !== undefined && (MYSQL_REWRITTEN.has(fn) || fn === 'group_concat');
    if (fn !== undefined && FUNCTION_REASONS[pair]?.[fn]) reasons.add(FUNCTION_REASONS[pair][fn]);
    else if (fn !== undefined && !SAME_FUNCTIONS[pair]?.has(fn) && !renamed[fn] && !ownRule) reasons.add(`function ${fn}() is not known to behave the same in ${target}`);
    if (n.type === 'cast') for (const r of castReasons(n, pair, target)) reasons.add(r);
    if (n.type === 'window_func' || n.over) reasons.add('window functions are not translated');
    if (n.type === 'binary_expr' && n.operator === '/' && DIVISION_DIFFERS[pair]) reasons.add(DIVISION_DIFFERS[pair]);
    if (n.type === 'double_quote_string' && String(n.value).includes('\'')) reasons.add('double-quoted string literal holding a single quote is not translated');
  });
  if (source === target) return { sql: body, reasons: [], reads: [...reads].sort() };
  // The parser decodes some escapes and keeps others, so the source text decides: no backslash in a literal.
  if (BACKSLASH_STRINGS.has(source) && segments(text).some((g) => g.kind === 'string' && g.text.includes('\\'))) {
    reasons.add(`string literal with a backslash: ${ENGINE_NAME[source]} reads it as an escape, ${ENGINE_NAME[target] ?? target} as a backslash`);
  }
  if (!SAME_FUNCTIONS[pair]) reasons.add(`no translation from ${source} to ${target} is known to be exact`);
  if (MYSQL_LIKE.has(source)) for (const r of mysqlReasons(statements[0] as Node, ENGINE_NAME[source]!)) reasons.add(r);
  if (reasons.size > 0) return { reasons: [...reasons].sort(), reads: [...reads].sort() };

  if (MYSQL_LIKE.has(source)) rewriteMysql(ast);
  walk(ast, (n) => {
    const fn = functionName(n);
    if (fn !== undefined && renamed[fn]) setFunctionName(n, renamed[fn]);
    // A double-quoted string of MySQL or Hive is a string; the target would read "x" as a name.
    if (n.type === 'double_quote_string' && BACKSLASH_STRINGS.has(source)) n.type = 'single_quote_string';
    // MySQL's qualified column references keep their backquoted parts as quoted-string nodes the printer
    // would copy verbatim; as plain names the target's printer quotes them its own way.
    if (n.type === 'column_ref') {
      for (const k of ['db', 'schema', 'table'] as const) {
        const part = n[k] as { type?: string; value?: unknown } | undefined;
        if (part && typeof part === 'object' && part.type === 'backticks_quote_string' && typeof part.value === 'string') n[k] = part.value;
      }
    }
    // ORDER BY items (of the query and of window specifications) sort NULLs as the source does.
    const orderby = n.orderby as { type?: string | null; nulls?: string | null }[] | null | undefined;
    if (Array.isArray(orderby)) {
      for (const item of orderby) {
        if (item.nulls) continue;
        const nulls = explicitNulls(source, target, String(item.type ?? '').toUpperCase() === 'DESC');
        if (nulls) item.nulls = nulls;
      }
    }
  });
  const out = parserFor(targetDb).sqlify(ast, { database: targetDb });
  // The printer must speak the target's language only: no quoting of the source left, and the target's
  // parser reads it back.
  if (target !== 'mysql' && target !== 'mariadb' && out.includes('`')) return { reasons: [`the translator kept ${source} quoting in its output`], reads: [...reads].sort() };
  try {
    parserFor(targetDb).astify(out, { database: targetDb });
  } catch {
    return { reasons: [`the ${target} parser cannot read the translation back`], reads: [...reads].sort() };
  }
  return { sql: out, reasons: [], reads: [...reads].sort() };
}
