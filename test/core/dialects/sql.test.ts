// String-level checks of the SQL each dialect builds. Redshift and Snowflake cannot run here, so their
// canonical expressions are pinned exactly; DuckDB, PostgreSQL and MariaDB are also run for real in
// test/core/hashing and test/runner/recon.
import { describe, expect, it } from 'vitest';
import { DIALECTS, dialectFor, type Engine } from '../../../core/dialects/index.js';
import { canonicalField, compileRowHash, DEFAULT_HASHING_SPEC as spec, LOGICAL_TYPES, type HashColumn } from '../../../core/hashing/index.js';
import { bucketSql, duplicateKeysSql, leafStreamSql, tableChecksumSql } from '../../../core/recon/queries.js';
import { firstGrid } from '../../../core/recon/segments.js';

const ENGINES = Object.keys(DIALECTS) as Engine[];

describe('identifiers and literals', () => {
  it.each<[Engine, string, string]>([
    ['postgres', 'we"ird', '"we""ird"'],
    ['duckdb', 'select', '"select"'],
    ['mysql', 'we`ird', '`we``ird`'],
    ['redshift', 'Order', '"Order"'],
    ['snowflake', 'ID', '"ID"'],
  ])('%s quotes %s as %s', (engine, name, quoted) => {
    expect(dialectFor(engine).quoteIdent(name)).toBe(quoted);
  });

  it.each<[Engine, string]>([
    ['postgres', "'a\\b''c'"],
    ['duckdb', "'a\\b''c'"],
    ['mysql', "'a\\\\b''c'"],
    ['redshift', "'a\\\\b''c'"],
    ['snowflake', "'a\\\\b''c'"],
  ])('%s escapes backslash and quote in literals', (engine, lit) => {
    expect(dialectFor(engine).stringLiteral("a\\b'c")).toBe(lit);
  });

  it.each(ENGINES)('%s lists reserved words', (engine) => {
    expect(dialectFor(engine).reservedWords.has('select')).toBe(true);
  });
});

const col = (logical: HashColumn['logical'], physical: string, extra: Partial<HashColumn> = {}): HashColumn => ({ name: 'c', logical, physical, ...extra });

describe('Redshift canonical expressions', () => {
  const d = dialectFor('redshift');
  it.each<[HashColumn, string]>([
    [col('integer', 'bigint'), 'CAST("c" AS VARCHAR)'],
    [col('decimal', 'numeric', { scale: 4 }), 'CAST(CAST("c" AS DECIMAL(38, 4)) AS VARCHAR)'],
    [col('string', 'varchar'), 'CAST("c" AS VARCHAR)'],
    [col('string', 'varchar', { text: { trim: true, case: 'lower' } }), 'LOWER(TRIM(CAST("c" AS VARCHAR)))'],
    [col('boolean', 'boolean'), `CASE WHEN "c" THEN '1' ELSE '0' END`],
    [col('date', 'date'), `TO_CHAR("c", 'YYYY-MM-DD')`],
    [col('timestamp', 'timestamp without time zone'), `TO_CHAR("c", 'YYYY-MM-DD HH24:MI:SS.US')`],
    [col('timestamptz', 'timestamp with time zone'), `TO_CHAR(CONVERT_TIMEZONE('UTC', "c"), 'YYYY-MM-DD HH24:MI:SS.US')`],
    [col('binary', 'varbyte'), 'LOWER(TO_HEX("c"))'],
    [col('uuid', 'character varying'), 'LOWER(CAST("c" AS VARCHAR))'],
    [col('json', 'super'), 'JSON_SERIALIZE("c")'],
    [col('enum', 'character varying'), 'CAST("c" AS VARCHAR)'],
    [col('decimal', 'numeric'), `CASE WHEN "c" = 0 THEN '0' WHEN STRPOS(CAST("c" AS VARCHAR), '.') > 0 THEN RTRIM(RTRIM(CAST("c" AS VARCHAR), '0'), '.') ELSE CAST("c" AS VARCHAR) END`],
    [col('interval', 'interval'), `(CAST(CAST((EXTRACT(YEAR FROM "c") * 12 + EXTRACT(MONTH FROM "c")) AS BIGINT) AS VARCHAR) || 'm' || ` +
      `CAST(CAST(EXTRACT(DAY FROM "c") AS BIGINT) AS VARCHAR) || 'd' || ` +
      `CAST(CAST((EXTRACT(HOUR FROM "c") * 3600000000 + EXTRACT(MINUTE FROM "c") * 60000000 + EXTRACT(MICROSECONDS FROM "c")) AS BIGINT) AS VARCHAR) || 'us')`],
  ])('%o', (c, sql) => {
    expect(d.canonical('"c"', c)).toBe(sql);
  });

  it('hex digits become integers with STRTOL and sums widen past BIGINT', () => {
    expect(d.hexToInt('h', 1, 15)).toBe('STRTOL(SUBSTRING(h, 1, 15), 16)');
    expect(d.sumText('x')).toBe('CAST(SUM(CAST(x AS DECIMAL(38, 0))) AS VARCHAR)');
  });

  it('floats: NaN by self-inequality, infinities, zero, then the exact mantissa form', () => {
    const sql = d.canonical('"c"', col('float', 'double precision'));
    expect(sql).toMatch(/^CASE WHEN CAST\("c" AS FLOAT8\) <> CAST\("c" AS FLOAT8\) THEN 'NaN' WHEN .* = 'Infinity'::FLOAT8 THEN 'Infinity' /);
    expect(sql).toContain("WHEN CAST(\"c\" AS FLOAT8) = 0 THEN '0'");
    expect(sql).toContain('(LN(ABS(CAST("c" AS FLOAT8))) / LN(2::FLOAT8))');
    expect(sql).toContain('POWER(2::FLOAT8, ');
  });
});

describe('Snowflake canonical expressions', () => {
  const d = dialectFor('snowflake');
  it.each<[HashColumn, string]>([
    [col('integer', 'number'), 'TO_VARCHAR("c")'],
    [col('decimal', 'number', { scale: 2 }), 'TO_VARCHAR(CAST("c" AS NUMBER(38, 2)))'],
    [col('boolean', 'boolean'), `IFF("c", '1', '0')`],
    [col('date', 'date'), `TO_VARCHAR("c", 'YYYY-MM-DD')`],
    [col('time', 'time'), `TO_VARCHAR("c", 'HH24:MI:SS.FF6')`],
    [col('timestamp', 'timestamp_ntz'), `TO_VARCHAR("c", 'YYYY-MM-DD HH24:MI:SS.FF6')`],
    [col('timestamptz', 'timestamp_tz'), `TO_VARCHAR(CONVERT_TIMEZONE('UTC', "c")::TIMESTAMP_NTZ, 'YYYY-MM-DD HH24:MI:SS.FF6')`],
    [col('timestamptz', 'timestamp_ntz'), `TO_VARCHAR("c", 'YYYY-MM-DD HH24:MI:SS.FF6')`],
    [col('binary', 'binary'), 'HEX_ENCODE("c", 0)'],
    [col('uuid', 'varchar'), 'LOWER(TO_VARCHAR("c"))'],
    [col('json', 'variant'), 'TO_JSON("c")'],
    [col('string', 'varchar'), `COLLATE(TO_VARCHAR("c"), '')`],
    [col('enum', 'varchar'), `COLLATE(TO_VARCHAR("c"), '')`],
    [col('array', 'array', { element: { logical: 'integer', physical: 'number' } }),
      `('{' || ARRAY_TO_STRING(TRANSFORM("c", mc_e -> CASE WHEN mc_e IS NULL THEN 'NULL' ELSE ('"' || REPLACE(REPLACE(TO_VARCHAR(mc_e::number), '\\\\', '\\\\\\\\'), '"', '\\\\"') || '"') END), ',') || '}')`],
  ])('%o', (c, sql) => {
    expect(d.canonical('"c"', c)).toBe(sql);
  });

  it('hex digits become integers with TO_NUMBER and an X format', () => {
    expect(d.hexToInt('h', 1, 8)).toBe("TO_NUMBER(SUBSTR(h, 1, 8), 'XXXXXXXX')");
  });

  it('floats name NaN and the infinities explicitly', () => {
    const sql = d.canonical('"c"', col('float', 'float'));
    expect(sql).toContain("= 'NaN'::DOUBLE THEN 'NaN'");
    expect(sql).toContain("= 'inf'::DOUBLE THEN 'Infinity'");
    expect(sql).toContain("= '-inf'::DOUBLE THEN '-Infinity'");
    expect(sql).toContain('LOG(2, ABS(CAST("c" AS DOUBLE)))');
  });
});

describe('compiled row hash, every engine', () => {
  const key: HashColumn[] = [{ name: 'id', logical: 'integer', physical: 'bigint' }];
  const all: HashColumn[] = LOGICAL_TYPES.map((t) => ({
    name: `c_${t}`, logical: t, physical: t, ...(t === 'decimal' ? { scale: 2 } : {}),
    ...(t === 'array' ? { element: { logical: 'integer' as const, physical: 'integer' } } : {}),
  }));
  // Types an engine has no column type for: asking for them is a clear error, not SQL that fails later.
  const NONE: Record<Engine, string[]> = { postgres: [], duckdb: [], mysql: ['array', 'interval', 'json'], redshift: ['array'], snowflake: ['interval'] };

  it.each(ENGINES)('%s: every type it has gets an expression; text-like fields are escaped; NULL is the sentinel', (engine) => {
    const d = dialectFor(engine);
    const cols = all.filter((c) => !NONE[engine].includes(c.logical));
    for (const c of all.filter((x) => NONE[engine].includes(x.logical))) expect(() => d.canonical('"c"', c)).toThrow(/has no|no array|no interval|cannot build/);
    const h = compileRowHash(d, spec, key, cols);
    expect(h.fields).toHaveLength(cols.length);
    const nullLit = d.stringLiteral('\\N');
    for (const f of h.fields) expect(f.startsWith('CASE WHEN ') && f.includes(` IS NULL THEN ${nullLit} ELSE `)).toBe(true);
    const s = canonicalField(d, spec, cols.find((c) => c.logical === 'string')!);
    expect(s).toContain(d.replace(d.replace(d.canonical(d.quoteIdent('c_string'), cols.find((c) => c.logical === 'string')!), '\\', '\\\\'), '|', '\\|'));
    expect(h.rowHash.toLowerCase()).toContain('md5(');
    expect(h.ordinalKind).toBe('integer');
    expect(h.ordinal).toBe(d.quoteIdent('id'));
  });

  it.each(ENGINES)('%s: segment queries name the range and sum the 60-bit hash prefix once', (engine) => {
    const d = dialectFor(engine);
    const side = { dialect: d, relation: d.quoteTable({ schema: 's', name: 't' }), hash: compileRowHash(d, spec, key, all.slice(0, 2)) };
    const grid = firstGrid({ lo: 1n, hi: 1000n }, 1000n, { leafRows: 200, fanout: 16, maxBuckets: 10 });
    const sql = bucketSql(side, grid, { kind: 'ranges', ranges: [{ lo: 1n, hi: 1000n }] });
    expect(sql).toContain(`${d.quoteIdent('id')} BETWEEN 1 AND 1000`);
    expect(sql).toContain(d.sumText(d.hexToInt(`t.${d.quoteIdent('rh')}`, 1, 15)));
    expect(sql.split(d.md5Hex('').slice(0, 3)).length - 1).toBe(1);
    const leaf = leafStreamSql(side, { kind: 'ranges', ranges: [{ lo: 5n, hi: 5n }, { lo: 7n, hi: 9n }] });
    expect(leaf).toContain(`(${d.quoteIdent('id')} = 5 OR ${d.quoteIdent('id')} BETWEEN 7 AND 9)`);
    expect(leaf).toMatch(new RegExp(`ORDER BY ${d.quoteIdent('id').replace(/[`"]/g, '.')} \\+ 0$`));
    const byIds = bucketSql(side, grid, { kind: 'buckets', sets: [{ grid, ids: [3n, 4n] }] });
    expect(byIds).toContain(`${d.bucketOf(d.quoteIdent('id'), 1n, grid.width, false)} IN (3, 4)`);
    expect(tableChecksumSql(side)).toContain('count(*)');
    expect(duplicateKeysSql(side, 10)).toMatch(/GROUP BY .* HAVING count\(\*\) > 1\) x LIMIT 10$/);
  });

  it('a text or uuid leading key ranges over the md5 ordinal, a date key over day numbers', () => {
    const d = dialectFor('snowflake');
    expect(compileRowHash(d, spec, [{ name: 'k', logical: 'uuid', physical: 'varchar' }], []).ordinal)
      .toBe(`TO_NUMBER(SUBSTR(MD5(CASE WHEN "k" IS NULL THEN '\\\\N' ELSE LOWER(TO_VARCHAR("k")) END), 1, 8), 'XXXXXXXX')`);
    expect(compileRowHash(d, spec, [{ name: 'd', logical: 'date', physical: 'date' }], []).ordinal).toBe(`DATEDIFF(day, DATE '1970-01-01', "d")`);
  });
});

describe('decimals stored at the compared scale skip the rounding cast', () => {
  it.each<[Engine, number | null, string]>([
    ['postgres', 4, '("c")::text'],
    ['postgres', 2, 'round(("c")::numeric, 4)::text'],
    ['duckdb', 4, 'CAST("c" AS VARCHAR)'],
    ['duckdb', null, 'CAST(CAST("c" AS DECIMAL(38, 4)) AS VARCHAR)'],
    ['mysql', 4, 'CAST(`c` AS CHAR)'],
    ['mysql', 6, 'CAST(CAST(`c` AS DECIMAL(65, 4)) AS CHAR)'],
  ])('%s, stored scale %s', (engine, physicalScale, sql) => {
    const d = dialectFor(engine);
    expect(d.canonical(d.quoteIdent('c'), { name: 'c', logical: 'decimal', physical: 'decimal', scale: 4, physicalScale })).toBe(sql);
  });
});
