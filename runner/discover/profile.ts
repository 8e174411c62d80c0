// Profiles the tables of a raw catalog inside the source engine, read-only: an exact row count, then
// one aggregate scan per table (core/dialects/catalog/profile.ts), on a deterministic hash sample of
// the key when the table has more rows than `maxRows`, and a few sample values in key order, masked
// by the policy.
import { profileQuery, type PatternName, PATTERNS } from '../../core/dialects/catalog/profile.js';
import type { CatalogQueries } from '../../core/dialects/catalog/types.js';
import type { ReadonlyPolicy } from '../../core/policy/index.js';
import type { ProfiledColumn, ProfiledTable, SourceCatalog, SourceProfile, SourceRelation } from '../../core/types/generated.js';
import type { ReadConnection, Row } from '../connectors/connection.js';
import { maskingOf, maskValue } from './mask.js';

export interface ProfileOptions {
  readonly policy: ReadonlyPolicy;
  readonly capturedAt: string;
  /** Tables with more rows are profiled on a hash sample of about this many rows (default 1 000 000). */
  readonly maxRows?: number;
  /** Sample values kept per column (default 3). */
  readonly sampleValues?: number;
}

const PROFILED_KINDS: ReadonlySet<string> = new Set(['table', 'partitioned_table', 'materialized_view']);
const SAMPLE_CHARS = 40;

function count(v: string | null | undefined): number {
  return v === null || v === undefined ? 0 : Number(v);
}

function maybeInt(v: string | null | undefined): number | null {
  return v === null || v === undefined ? null : Number(v);
}

function scalar(v: string | null | undefined, numeric: boolean): string | number | null {
  if (v === null || v === undefined) return null;
  if (numeric) {
    const n = Number(v);
    // Exact only: a number that JSON would round stays text.
    if (Number.isFinite(n) && String(n) === v) return n;
  }
  return v;
}

function classType(rel: SourceRelation, i: number): string {
  const c = rel.columns[i]!;
  if (c.type_kind === 'enum') return 'text';
  if (c.type_kind === 'array') return `${c.type}[]`.replace(/\[\]\[\]$/, '[]');
  return c.domain_base ?? c.type;
}

async function profileTable(conn: ReadConnection, q: CatalogQueries, rel: SourceRelation, opts: Required<ProfileOptions>): Promise<ProfiledTable> {
  const sql = q.profile;
  const from = sql.quoteTable(rel.schema, rel.name);
  const rowCount = count((await conn.query(`SELECT count(*) AS n FROM ${from}`))[0]?.n);
  const key = rel.primary_key.length > 0 ? rel.primary_key : [];
  let where: string | undefined;
  if (rowCount > opts.maxRows && key.length > 0) {
    const keyText = conn.dialect.concat(key.map((k) => sql.text(sql.quoteIdent(k))));
    where = sql.sampleWhere(keyText, opts.maxRows / rowCount);
  }
  const specs = rel.columns.map((c, i) => ({ name: c.name, classType: classType(rel, i) }));
  const pq = profileQuery(sql, rel.schema, rel.name, specs, where);
  const row: Row = (await conn.query(pq.sql))[0] ?? {};
  const profiled = count(row.profiled_rows);

  const order = (key.length > 0 ? key : rel.columns.map((c) => c.name)).map((k) => sql.text(sql.quoteIdent(k))).join(', ');
  const sampleSql = `SELECT ${rel.columns.map((c, i) => `${sql.text(sql.quoteIdent(c.name))} AS s${i}`).join(', ')} FROM ${from} ORDER BY ${order} LIMIT ${opts.sampleValues * 4}`;
  const sampleRows = opts.sampleValues > 0 ? await conn.query(sampleSql) : [];

  const columns = rel.columns.map((c, i): ProfiledColumn => {
    const p = pq.prefix(i);
    const cls = pq.classes[i]!;
    const nonnull = count(row[`${p}nonnull`]);
    const masking = maskingOf(c.name, opts.policy);
    const numeric = cls === 'integer';
    const shown = (v: string | null | undefined) => (v === null || v === undefined ? null : masking === 'none' && cls !== 'text' ? v : maskValue(v, masking));
    const out: ProfiledColumn = {
      name: c.name, type: c.type, null_count: profiled - nonnull,
      distinct_count: row[`${p}distinct`] === undefined ? null : count(row[`${p}distinct`]),
    };
    if (`${p}min` in row) {
      out.min = numeric ? scalar(row[`${p}min`], true) : shown(row[`${p}min`]);
      out.max = numeric ? scalar(row[`${p}max`], true) : shown(row[`${p}max`]);
    }
    if (`${p}min_length` in row) {
      out.min_length = maybeInt(row[`${p}min_length`]);
      out.max_length = maybeInt(row[`${p}max_length`]);
      const avg = row[`${p}avg_length`];
      out.avg_length = avg === null || avg === undefined ? null : Math.round(Number(avg) * 100) / 100;
    }
    if (`${p}max_scale` in row) {
      out.max_scale = maybeInt(row[`${p}max_scale`]);
      out.max_integer_digits = maybeInt(row[`${p}max_integer_digits`]);
    }
    if (cls === 'text') {
      out.patterns = Object.fromEntries((Object.keys(PATTERNS) as PatternName[]).map((n) => [n, count(row[`${p}${n}`])]));
    }
    out.masking = masking;
    const values = [...new Set(sampleRows.map((r) => r[`s${i}`]).filter((v): v is string => v !== null && v !== undefined))]
      .slice(0, opts.sampleValues);
    const cut = (v: string) => (v.length > SAMPLE_CHARS ? `${v.slice(0, SAMPLE_CHARS)}...` : v);
    out.samples = values.map((v) => (masking === 'none' && cls !== 'text' ? cut(v) : maskValue(cut(v), masking)));
    return out;
  });
  return { schema: rel.schema, name: rel.name, row_count: rowCount, profiled_rows: profiled, columns };
}

export async function profileSource(conn: ReadConnection, q: CatalogQueries, catalog: SourceCatalog, options: ProfileOptions): Promise<SourceProfile> {
  const opts: Required<ProfileOptions> = { maxRows: 1_000_000, sampleValues: 3, ...options };
  const tables: ProfiledTable[] = [];
  for (const rel of catalog.relations) {
    if (PROFILED_KINDS.has(rel.kind) && rel.columns.length > 0) tables.push(await profileTable(conn, q, rel, opts));
  }
  return {
    engine: catalog.engine, captured_at: opts.capturedAt,
    sample: { method: tables.some((t) => t.profiled_rows < t.row_count) ? 'hash' : 'full', max_rows: opts.maxRows, sample_values: opts.sampleValues },
    tables,
  };
}
