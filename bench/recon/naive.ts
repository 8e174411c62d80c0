// The naive reconciliation the benchmark compares against: stream both tables in key order into Node
// (canonical text per column, formatted by each engine) and compare row by row.
import type { SideSql } from '../../core/recon/queries.js';
import type { ReadConnection, Row } from '../../runner/connectors/connection.js';

function selectAll(s: SideSql): string {
  const d = s.dialect;
  const cols = [`${d.toText(d.quoteIdent('id'))} AS ${d.quoteIdent('id')}`, ...s.hash.fields.map((f, i) => `${f} AS ${d.quoteIdent(`f${i}`)}`)];
  return `SELECT ${cols.join(', ')} FROM ${s.relation} ORDER BY ${d.quoteIdent('id')}`;
}

async function* rows(c: ReadConnection, sql: string): AsyncGenerator<Row> {
  for await (const batch of c.stream(sql)) yield* batch;
}

export async function naiveCompare(source: ReadConnection, target: ReadConnection, s: SideSql, t: SideSql): Promise<number> {
  const a = rows(source, selectAll(s));
  const b = rows(target, selectAll(t));
  let x = await a.next();
  let y = await b.next();
  let differences = 0;
  while (!x.done || !y.done) {
    const kx = x.done ? null : BigInt(x.value.id!);
    const ky = y.done ? null : BigInt(y.value.id!);
    if (ky === null || (kx !== null && kx < ky)) {
      differences++;
      x = await a.next();
    } else if (kx === null || ky < kx) {
      differences++;
      y = await b.next();
    } else {
      const rx = x.value as Row;
      const ry = y.value as Row;
      for (const k in rx) {
        if (rx[k] !== ry[k]) {
          differences++;
          break;
        }
      }
      [x, y] = await Promise.all([a.next(), b.next()]);
    }
  }
  return differences;
}
