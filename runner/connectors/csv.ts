// Text rows to CSV as PostgreSQL's COPY ... (FORMAT csv) writes and reads it: every value quoted (so ''
// is ""), NULL as an unquoted empty field, rows ended by \n. DuckDB's read_csv reads the same bytes with
// allow_quoted_nulls off.
import type { Row } from './connection.js';

function field(v: string | null): string {
  return v === null ? '' : `"${v.includes('"') ? v.replace(/"/g, '""') : v}"`;
}

export function rowsToCsv(rows: readonly Row[], columns: readonly string[]): Buffer {
  const lines: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    lines[i] = columns.map((c) => field(r[c] ?? null)).join(',');
  }
  return Buffer.from(lines.length ? `${lines.join('\n')}\n` : '');
}

export async function* csvOfRows(batches: AsyncIterable<Row[]>, columns: readonly string[]): AsyncIterable<Buffer> {
  for await (const b of batches) if (b.length) yield rowsToCsv(b, columns);
}
