// The MariaDB connection streams real rows: a few hundred rows of mixed types (integers past 2^53,
// decimals, doubles, dates, microsecond datetimes, Unicode text, booleans, NULLs) in a database of its
// own, read back in several batches, each value exactly the text the table holds.
import type mysql2 from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConnection } from '../../../runner/connectors/open.js';
import { mariadbDatabase, mysqlServerUrl, uniqueName, withDatabase } from '../../support/db.js';

const myUrl = mysqlServerUrl();
const name = uniqueName('mdb_stream');
const N = 300;
let my: mysql2.Connection | undefined;

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const TEXTS = ['plain', 'Grüße', 'naïve café', '日本語', 'emoji 🙂', "it's \"quoted\"", 'tab\there', ''];

/** Row g as the table holds it, every value as the text the connection must return (null for NULL). */
function expected(g: number): Record<string, string | null> {
  const day = new Date(Date.UTC(2026, 0, 1) + g * 86_400_000).toISOString().slice(0, 10);
  return {
    id: String(g),
    big: (9_007_199_254_740_993n + BigInt(g)).toString(),
    amount: `${g % 2 === 0 ? '-' : ''}${g}.${pad(g % 1000, 3)}`,
    ratio: String(g / 8),
    day,
    ts: `${day} ${pad(g % 24, 2)}:${pad(g % 60, 2)}:${pad((g * 7) % 60, 2)}.${pad(g * 1001 % 1_000_000, 6)}`,
    label: `${TEXTS[g % TEXTS.length]!}-${g}`,
    flag: String(g % 2),
    note: g % 5 === 0 ? null : `note ${g}`,
  };
}

beforeAll(async () => {
  if (!myUrl) return;
  my = await mariadbDatabase(myUrl, name, { utf8mb4: true });
  await my.query(`CREATE TABLE mixed (id INT PRIMARY KEY, big BIGINT NOT NULL, amount DECIMAL(12,3) NOT NULL, ratio DOUBLE NOT NULL,
    day DATE NOT NULL, ts DATETIME(6) NOT NULL, label VARCHAR(40) NOT NULL, flag TINYINT(1) NOT NULL, note TEXT NULL) CHARACTER SET utf8mb4`);
  const rows = Array.from({ length: N }, (_, i) => Object.values(expected(i + 1)));
  await my.query('INSERT INTO mixed VALUES ?', [rows]);
});

afterAll(async () => {
  if (!my) return;
  await my.query(`DROP DATABASE IF EXISTS ${name}`);
  await my.end();
});

describe('MariaDB connection', () => {
  it.skipIf(!myUrl)('streams every row of a mixed-type table in batches, values exact', async () => {
    const conn = await openConnection(withDatabase(myUrl ?? 'mysql://unset/', name), {});
    try {
      const batches: number[] = [];
      const seen: Record<string, string | null>[] = [];
      for await (const batch of conn.stream(`SELECT * FROM ${conn.relation({ name: 'mixed' })} ORDER BY id`, 64)) {
        batches.push(batch.length);
        seen.push(...batch);
      }
      expect(batches).toEqual([64, 64, 64, 64, 44]);
      expect(seen).toHaveLength(N);
      expect(seen).toEqual(Array.from({ length: N }, (_, i) => expected(i + 1)));
      expect(conn.stats.rows).toBe(N);
    } finally {
      await conn.close();
    }
  });
});
