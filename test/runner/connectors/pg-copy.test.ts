// copyOut reads COPY TO STDOUT's CopyData straight off the socket while the COPY streams and hands the socket
// back to pg's parser at the first other message. Against the real server: every row in order (a row larger
// than a slab included), a NOTICE between rows (pg takes over, the rows still arrive), an error mid-stream
// (thrown after the rows before it), a consumer that stops early; each time the connection answers the next
// query. Against a scripted socket: message headers and payloads cut at every byte, and exactly the bytes
// from CopyDone on handed to pg's listener.
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOut } from '../../../runner/connectors/pg-copy.js';
import { pgServerUrl } from '../../support/db.js';

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: pgServerUrl() });
  await client.connect();
});
afterAll(async () => { await client.end(); });

const text = async (sql: string): Promise<string> => {
  const parts: Buffer[] = [];
  for await (const b of copyOut(client, sql)) parts.push(Buffer.from(b));
  return Buffer.concat(parts).toString('utf8');
};
const stillAnswers = async () => expect((await client.query('SELECT 41 + 1 AS n')).rows[0].n).toBe(42);
const lines = (n: number, f: (g: number) => string) => Array.from({ length: n }, (_, i) => `${f(i + 1)}\n`).join('');

describe('copyOut against PostgreSQL', () => {
  it('yields every row in order, a row larger than a slab whole, and leaves the connection usable', async () => {
    expect(await text('COPY (SELECT g, md5(g::text) FROM generate_series(1, 200000) g) TO STDOUT WITH (FORMAT csv)'))
      .toBe(lines(200000, (g) => `${g},${md5(g)}`));
    const big = await text("COPY (SELECT g, repeat('x', 3000000) FROM generate_series(1, 3) g) TO STDOUT WITH (FORMAT csv)");
    expect(big).toBe(lines(3, (g) => `${g},${'x'.repeat(3000000)}`));
    await stillAnswers();
  });

  it('hands the stream to pg at a NOTICE between rows and still yields every row', async () => {
    await client.query(`CREATE FUNCTION pg_temp.noisy(g int) RETURNS int LANGUAGE plpgsql AS $$
      BEGIN IF g % 5000 = 0 THEN RAISE NOTICE 'row %', g; END IF; RETURN g; END $$`);
    const notices: string[] = [];
    const onNotice = (n: { message?: string }) => notices.push(n.message ?? '');
    client.on('notice', onNotice);
    try {
      expect(await text('COPY (SELECT pg_temp.noisy(g), g * 2 FROM generate_series(1, 20000) g) TO STDOUT WITH (FORMAT csv)'))
        .toBe(lines(20000, (g) => `${g},${g * 2}`));
    } finally {
      client.off('notice', onNotice);
    }
    expect(notices).toEqual(['row 5000', 'row 10000', 'row 15000', 'row 20000']);
    await stillAnswers();
  });

  it('throws an error raised mid-stream after the rows before it', async () => {
    const got: Buffer[] = [];
    await expect((async () => {
      for await (const b of copyOut(client, 'COPY (SELECT g, 1 / (g - 150000) FROM generate_series(1, 200000) g) TO STDOUT WITH (FORMAT csv)')) got.push(Buffer.from(b));
    })()).rejects.toThrow('division by zero');
    const rows = Buffer.concat(got).toString('utf8');
    // Whatever arrived is whole rows, in order, from the first.
    expect(lines(149999, (g) => `${g},${Math.trunc(1 / (g - 150000))}`).startsWith(rows)).toBe(true);
    expect(rows.endsWith('\n')).toBe(true);
    await stillAnswers();
  });

  it('drops the rest when the consumer stops early', async () => {
    for await (const b of copyOut(client, 'COPY (SELECT g FROM generate_series(1, 300000) g) TO STDOUT')) {
      expect(b.toString('utf8').startsWith('1\n2\n')).toBe(true);
      break;
    }
    await stillAnswers();
  });
});

function md5(g: number): string {
  return createHash('md5').update(String(g)).digest('hex');
}

/** A backend message: code, then its length (itself included), then the payload. */
const message = (code: string, payload: Buffer | string) => {
  const body = Buffer.from(payload);
  const head = Buffer.alloc(5);
  head.write(code, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
};

describe('copyOut against a scripted socket', () => {
  // What the server sends for a COPY of three rows, then the end of the COPY and ReadyForQuery.
  const rows = ['1,a\n', '2,bb\n', '3,\n'];
  const copy = Buffer.concat([message('H', Buffer.from([0, 0, 2, 0, 0, 0, 0])), ...rows.map((r) => message('d', r))]);
  const after = Buffer.concat([message('c', ''), message('C', 'COPY 3\0'), message('Z', 'I')]);

  for (const cut of [1, 2, 3, 4, 5, 6, 7, 11, 1000]) {
    it(`reads CopyData cut into pieces of ${cut} byte(s) and hands pg exactly what follows the rows`, async () => {
      const stream = new EventEmitter() as EventEmitter & { pause(): void; resume(): void };
      stream.pause = () => {};
      stream.resume = () => {};
      const toPg: Buffer[] = [];
      stream.on('data', (b: Buffer) => toPg.push(Buffer.from(b)));
      let submittable: { submit(c: unknown): void; handleReadyForQuery(): void } | undefined;
      const fake = { query: (s: typeof submittable) => { submittable = s; } } as unknown as pg.Client;
      const it = copyOut(fake, 'COPY t TO STDOUT')[Symbol.asyncIterator]();
      submittable!.submit({ stream, query: () => {} });
      const all = Buffer.concat([copy, after]);
      for (let off = 0; off < all.length; off += cut) stream.emit('data', all.subarray(off, off + cut));
      // pg's parser saw nothing of the COPY's rows, and every byte from CopyDone on, in order.
      expect(Buffer.concat(toPg).equals(after)).toBe(true);
      submittable!.handleReadyForQuery();
      const got: Buffer[] = [];
      for (let r = await it.next(); !r.done; r = await it.next()) got.push(r.value);
      expect(Buffer.concat(got).toString()).toBe(rows.join(''));
      // Every piece ends at a row's end.
      for (const g of got) expect(g.toString().endsWith('\n')).toBe(true);
    });
  }
});
