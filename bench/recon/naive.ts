// The naive reconciliation the benchmark compares against: stream both tables in key order into Node
// as each engine prints them, normalise every value to the spec's canonical text in Node (reference
// implementation), and compare row by row.
import { canonicalValue, type HashColumn } from '../../core/hashing/index.js';
import type { ReadConnection, Row } from '../../runner/connectors/connection.js';

const TS = /^(-?\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:([+-])(\d\d)(?::?(\d\d))?)?$/;

/** Canonical text of a value as an engine printed it. */
function canonicalFromText(col: HashColumn, v: string | null): string | null {
  if (v === null) return null;
  switch (col.logical) {
    case 'float': return canonicalValue('float', Number(v === 'inf' ? 'Infinity' : v === '-inf' ? '-Infinity' : v));
    case 'boolean': return v === 'true' || v === 't' || v === '1' ? '1' : '0';
    case 'timestamp':
    case 'timestamptz': {
      const m = TS.exec(v);
      if (!m) return v;
      const [, y, mo, d, h, mi, s, frac = '', sign, oh = '0', om = '0'] = m;
      const offsetMin = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
      const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - offsetMin * 60_000;
      return canonicalValue('timestamp', BigInt(ms) * 1000n + BigInt(frac.padEnd(6, '0')));
    }
    default: return canonicalValue(col.logical, v, col.scale ?? 0);
  }
}

function selectRaw(c: ReadConnection, relation: string, cols: readonly HashColumn[]): string {
  const d = c.dialect;
  return `SELECT ${cols.map((x, i) => `${d.toText(d.quoteIdent(x.name))} AS ${d.quoteIdent(`c${i}`)}`).join(', ')} FROM ${relation} ORDER BY ${d.quoteIdent(cols[0]!.name)}`;
}

async function* rows(c: ReadConnection, sql: string): AsyncGenerator<Row> {
  for await (const batch of c.stream(sql)) yield* batch;
}

export interface NaiveSide {
  readonly conn: ReadConnection;
  readonly relation: string;
  /** Integer key first. */
  readonly columns: readonly HashColumn[];
}

export async function naiveCompare(source: NaiveSide, target: NaiveSide): Promise<number> {
  const a = rows(source.conn, selectRaw(source.conn, source.relation, source.columns));
  const b = rows(target.conn, selectRaw(target.conn, target.relation, target.columns));
  const canon = (side: NaiveSide, r: Row) => side.columns.map((c, i) => canonicalFromText(c, r[`c${i}`] ?? null));
  let x = await a.next();
  let y = await b.next();
  let differences = 0;
  while (!x.done || !y.done) {
    const kx = x.done ? null : BigInt(x.value.c0!);
    const ky = y.done ? null : BigInt(y.value.c0!);
    if (ky === null || (kx !== null && kx < ky)) {
      differences++;
      x = await a.next();
    } else if (kx === null || ky < kx) {
      differences++;
      y = await b.next();
    } else {
      const cx = canon(source, x.value as Row);
      const cy = canon(target, y.value as Row);
      if (cx.some((v, i) => v !== cy[i])) differences++;
      [x, y] = await Promise.all([a.next(), b.next()]);
    }
  }
  return differences;
}
