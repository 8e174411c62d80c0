// A run_model step of a plan whose target is not DuckDB, rehearsed in the scratch DuckDB: the model is the
// view the RewriteAgent (or a person) wrote in the target's dialect, `CREATE [OR REPLACE] VIEW name AS
// SELECT ...;`. Its SELECT goes through the same translator that writes models (core/dialects/translate),
// from the target's dialect to DuckDB's; only a translation that means the same is run. Anything else (a
// model of another shape, a form the translator leaves to people) is not rehearsed, with the reasons.
import { duckdb } from '../../core/dialects/duckdb.js';
import { translateView } from '../../core/dialects/translate/translate.js';

export type RehearsedModel =
  | { readonly sql: string; readonly reasons?: undefined }
  | { readonly sql?: undefined; readonly reasons: readonly string[] };

/** One part of a name: double-quoted, backquoted, or bare. */
const NAME_PART = '"(?:[^"]|"")+"|`(?:[^`]|``)+`|[A-Za-z_][\\w$]*';
const PART = new RegExp(NAME_PART, 'g');
const VIEW = new RegExp(`^CREATE\\s+(?:OR\\s+REPLACE\\s+)?VIEW\\s+((?:${NAME_PART})(?:\\s*\\.\\s*(?:${NAME_PART}))?)\\s+AS\\s+([\\s\\S]+?)\\s*;?\\s*$`, 'i');

/** A name part without its quotes ("a""b" -> a"b, `a``b` -> a`b); a bare name as written. */
function unquote(part: string): string {
  if (part.startsWith('"')) return part.slice(1, -1).replace(/""/g, '"');
  if (part.startsWith('`')) return part.slice(1, -1).replace(/``/g, '`');
  return part;
}

/** Leading `--` comment lines and blank lines removed (the header models carry). */
function withoutLeadingComments(sql: string): string {
  return sql.replace(/^(?:\s*--[^\n]*(?:\n|$))*/, '').trim();
}

/** The model's view as DuckDB SQL for the scratch target, or why it cannot be rehearsed. */
export function modelForDuckdb(sql: string, engine: string): RehearsedModel {
  const m = VIEW.exec(withoutLeadingComments(sql));
  if (!m) return { reasons: ['the model is not one CREATE VIEW ... AS SELECT statement, the form a rehearsal can translate'] };
  const parts = (m[1]!.match(PART) ?? []).map(unquote);
  const name = parts.length === 2 ? { schema: parts[0]!, name: parts[1]! } : { name: parts[0]! };
  const t = translateView(m[2]!, engine, 'duckdb');
  if (t.sql === undefined || t.reasons.length > 0) return { reasons: t.reasons.length > 0 ? t.reasons : ['the translator gave no DuckDB form'] };
  return { sql: `CREATE OR REPLACE VIEW ${duckdb.quoteTable(name)} AS\n${t.sql}` };
}
