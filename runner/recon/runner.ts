// The ReconciliationRunner: proves a target table equals its source, pushing the work into both
// engines. Steps, per table (2 and 3 in ./segments.ts):
//   1. compare the two catalogs (a column whose type differs is a finding, compared through canonical
//      text where the spec allows) and compile the hashing spec into each side's SQL;
//   2. segment checksums over ranges of the key ordinal (a hash of the canonical key text unless the
//      key leads with an integer or a date), one grouped query a level on both sides at once; only
//      differing segments are split, down to leaves of at most leafRows rows;
//   3. the leaves' rows streamed from both sides in the same order and merged here; every difference
//      goes to the collector (and the differences file) as it is found, never all into memory;
//   4. duplicate keys over the whole table (unless a unique constraint rules them out), per-column
//      aggregates and the deterministic sample; tolerances from policy give the verdict.
// Only checksums and differing rows cross the wire.
import type { TableName } from '../../core/dialects/index.js';
import { compileRowHash, DEFAULT_HASHING_SPEC, uuidIsOwnOrdinal, type HashingSpec } from '../../core/hashing/index.js';
import { compareAggregates, defaultAggregates } from '../../core/recon/aggregates.js';
import { displayValue } from '../../core/recon/display.js';
import { duplicateKeyFindings, schemaFindings } from '../../core/recon/findings.js';
import { keyTextOrder, keyValues as typedKeys } from '../../core/recon/key-values.js';
import { MASKED, piiColumns, type PiiRule } from '../../core/recon/pii.js';
import { aggregateSql, duplicateKeysSql, sampleSql, type SideSql } from '../../core/recon/queries.js';
import { compareSampleStreams } from './sample.js';
import { buildReport } from '../../core/recon/report.js';
import type { KeyValues, ReconReport, TableReport, ToleranceFinding } from '../../core/recon/report-types.js';
import { DEFAULT_BISECT, type BisectOptions } from '../../core/recon/segments.js';
import { evaluateTolerances, STRICT_TOLERANCES, tableStatus, type Tolerances } from '../../core/recon/tolerance.js';
import type { ReadConnection } from '../connectors/connection.js';
import { resolveColumns, type ColumnChoice } from './columns.js';
import { DifferenceCollector, type LineWriter } from './differences.js';
import type { Pair } from './pair.js';
import { diffLeaves, differingSegments, tailPassFor, type Progress, type Shard } from './segments.js';
import { sampledTailShape } from './tail-sample.js';
import { provenUnique } from './unique.js';

export interface ReconTableRequest extends ColumnChoice {
  readonly source: TableName;
  /** Defaults to the source table's name. */
  readonly target?: TableName;
  /** Columns whose distinct count is compared (a full extra aggregate; only where asked). */
  readonly distinct?: readonly string[];
}

/** Where every differing row of a table goes, one JSON line each, as it is found. */
export interface DifferencesOutput {
  /** The name the report gives for it. */
  readonly file: string;
  readonly write: LineWriter;
}

export interface ReconProgress {
  readonly table: string;
  readonly phase: 'segments' | 'rows';
  readonly compared: number;
  readonly differing: number;
  readonly rows: number;
  /** Rows the leaf pass is expected to read (both sides), once the segments are known. */
  readonly expectedRows: number;
}

export interface ReconOptions {
  readonly spec?: HashingSpec;
  readonly tolerances?: Tolerances;
  readonly pii?: readonly PiiRule[];
  readonly bisect?: Partial<BisectOptions>;
  /** Per-column aggregates (default true). */
  readonly aggregates?: boolean;
  readonly sample?: { readonly seed: string; readonly rate: number } | null;
  /** Keys listed per kind of difference (all are counted). */
  readonly listLimit?: number;
  /** This process takes one slice of the key space (--shard i/N). */
  readonly shard?: Shard;
  readonly differences?: (table: TableName) => DifferencesOutput | undefined;
  readonly onProgress?: (p: ReconProgress) => void;
  /** Leaf rows up to which one query reads them instead of a stream (default LEAF_ROWS_IN_ONE_QUERY). */
  readonly leafRowsInOneQuery?: number;
  readonly now?: () => Date;
}

interface Sides {
  readonly s: SideSql;
  readonly t: SideSql;
}

function tableLabel(t: TableName): string {
  return t.schema ? `${t.schema}.${t.name}` : t.name;
}

export class ReconciliationRunner {
  private readonly spec: HashingSpec;
  private readonly bisectOptions: BisectOptions;

  constructor(
    private readonly source: ReadConnection,
    private readonly target: ReadConnection,
    private readonly options: ReconOptions = {},
  ) {
    this.spec = options.spec ?? DEFAULT_HASHING_SPEC;
    this.bisectOptions = { ...DEFAULT_BISECT, ...options.bisect };
  }

  async run(requests: readonly ReconTableRequest[]): Promise<ReconReport> {
    const tables: TableReport[] = [];
    for (const r of requests) tables.push(await this.reconcileTable(r));
    return buildReport({
      generatedAt: (this.options.now ?? (() => new Date()))().toISOString(),
      spec: this.spec,
      source: { engine: this.source.engine, location: this.source.location },
      target: { engine: this.target.engine, location: this.target.location },
      tables,
    });
  }

  private both<T>(f: (c: ReadConnection, side: SideSql) => Promise<T>, sides: Sides): Promise<[T, T]> {
    return Promise.all([f(this.source, sides.s), f(this.target, sides.t)]);
  }

  private progress(table: string): Progress | undefined {
    const on = this.options.onProgress;
    if (!on) return undefined;
    let compared = 0;
    let differing = 0;
    let rows = 0;
    let expectedRows = 0;
    return {
      level: (_, c, d) => { compared = c; differing = d; on({ table, phase: 'segments', compared, differing, rows, expectedRows }); },
      leafRows: (n) => { expectedRows = 2 * n; },
      rows: (n) => { rows += n; on({ table, phase: 'rows', compared, differing, rows, expectedRows }); },
    };
  }

  async reconcileTable(req: ReconTableRequest): Promise<TableReport> {
    const targetTable = req.target ?? req.source;
    const [sc, tc] = await Promise.all([this.source.describe(req.source), this.target.describe(targetTable)]);
    const cols = resolveColumns(req,
      { dialect: this.source.dialect, table: req.source, catalog: sc, location: this.source.location },
      { dialect: this.target.dialect, table: targetTable, catalog: tc, location: this.target.location });
    const ownUuidOrdinal = uuidIsOwnOrdinal(cols.sourceKey, cols.targetKey);
    const tailShape = ownUuidOrdinal || !tailPassFor(this.options.shard) ? undefined
      : await sampledTailShape(this.source, this.source.relation(req.source), this.spec, cols.sourceKey);
    const ordinal = { ownUuidOrdinal, ...(tailShape ? { tailShape } : {}) };
    const sides: Sides = {
      s: { dialect: this.source.dialect, relation: this.source.relation(req.source), hash: compileRowHash(this.source.dialect, this.spec, cols.sourceKey, cols.sourceCols, ordinal) },
      t: { dialect: this.target.dialect, relation: this.target.relation(targetTable), hash: compileRowHash(this.target.dialect, this.spec, cols.targetKey, cols.targetCols, ordinal) },
    };
    const limit = this.options.listLimit ?? 1000;
    const allNames = [...cols.sourceKey, ...cols.sourceCols].map((c) => c.name);
    const pii = piiColumns(allNames, this.options.pii ?? []);
    const keyNames = cols.sourceKey.map((c) => c.name);
    const keyCols = cols.sourceKey.map((c) => ({ name: c.name, logical: c.logical, pii: pii.has(c.name) }));
    const keyValues = (k: string): KeyValues => typedKeys(keyCols, this.spec, k);
    const out = this.options.differences?.(req.source);
    const collector = new DifferenceCollector({ key: keyCols, columns: cols.sourceCols, pii }, this.spec, limit, out?.write);
    const progress = this.progress(tableLabel(req.source));

    const pair: Pair = { source: { conn: this.source, sql: sides.s }, target: { conn: this.target, sql: sides.t } };
    const [sourceUnique, targetUnique] = await Promise.all([
      provenUnique(this.source, req.source, keyNames), provenUnique(this.target, targetTable, cols.targetKey.map((c) => c.name)),
    ]);
    // Duplicate keys in every segment, not only the differing ones. A unique constraint on either side
    // settles it: a segment whose checksums match holds the same multiset of rows (key text included)
    // on both sides, so a duplicate of the other side can only sit in a differing segment, where the
    // leaf merge sees it. Without one, one grouped pass over one side's keys finds its duplicates
    // (DuckDB's where it takes part: it is the quicker), and the leaves find the other side's.
    const checked = sourceUnique || targetUnique ? undefined : this.target.engine === 'duckdb' || this.source.engine !== 'duckdb' ? 'target' : 'source';
    collector.checkedSide = checked;
    const seg = await differingSegments(pair, this.bisectOptions, this.options.shard, progress);
    await diffLeaves(pair, seg, (d) => collector.add(d), progress, this.options.leafRowsInOneQuery);
    if (checked) {
      const side = checked === 'target' ? pair.target : pair.source;
      const dups = await side.conn.query(duplicateKeysSql(side.sql, limit, seg.within));
      await collector.addDuplicates(checked, Number(dups[0]?.total ?? 0), dups.map((r) => ({ k: r.k!, rows: Number(r.n) })));
    }
    const found = collector.result();

    const aggCols = defaultAggregates(cols.sourceCols, req.distinct ?? []);
    const aggTargetCols = aggCols.map((a, i) => ({ ...a, column: cols.targetCols[i]! }));
    let aggregates: TableReport['aggregates'] = [];
    if (this.options.aggregates !== false && aggCols.length > 0 && !seg.within) {
      const [sa, ta] = await Promise.all([
        this.source.query(aggregateSql(sides.s, aggCols)),
        this.target.query(aggregateSql(sides.t, aggTargetCols)),
      ]);
      const logical = new Map(cols.sourceCols.map((c) => [c.name, c.logical]));
      aggregates = compareAggregates(aggCols, sa[0] ?? {}, ta[0] ?? {}).map((a) => (a.metric === 'sum' || a.metric === 'min' || a.metric === 'max'
        ? { ...a, source: displayValue(logical.get(a.column)!, a.source), target: displayValue(logical.get(a.column)!, a.target) } : a));
      aggregates = aggregates.map((a) => (pii.has(a.column) && (a.metric === 'min' || a.metric === 'max' || a.metric === 'sum') ? { ...a, source: MASKED, target: MASKED } : a));
    }
    const sample = seg.within ? null : await this.sample(sides, keyValues, keyTextOrder(keyCols, this.spec));

    const c = collector.counts;
    const differing = c.missing + c.extra + c.mismatched;
    const findings: ToleranceFinding[] = evaluateTolerances(
      { sourceRows: seg.sourceRows, targetRows: seg.targetRows, differingRows: differing, aggregates },
      this.options.tolerances ?? STRICT_TOLERANCES,
    );
    findings.push(...schemaFindings(cols.schemaDifferences), ...duplicateKeyFindings(keyNames, found.duplicateCount));
    const anyDifference = differing > 0 || seg.sourceRows !== seg.targetRows || aggregates.some((a) => !a.equal)
      || (sample?.mismatched_keys.length ?? 0) > 0 || cols.schemaDifferences.length > 0;
    const verdict = tableStatus(findings, anyDifference);
    return {
      source_table: tableLabel(req.source),
      target_table: tableLabel(targetTable),
      key: keyNames,
      columns: [...cols.sourceKey, ...cols.sourceCols].map((col) => ({ name: col.name, logical_type: col.logical, pii: pii.has(col.name) })),
      counts: { source: seg.sourceRows, target: seg.targetRows },
      differences: { missing: c.missing, extra: c.extra, mismatched: c.mismatched, duplicates: found.duplicateCount, listed_limit: limit },
      differences_file: out?.file ?? null,
      schema_differences: cols.schemaDifferences,
      shard: this.options.shard && this.options.shard.count > 1 ? { index: this.options.shard.index, count: this.options.shard.count } : null,
      missing_keys: found.missing,
      extra_keys: found.extra,
      mismatched_rows: found.mismatched,
      duplicate_keys: found.duplicates,
      segments: seg.stats,
      aggregates,
      sample,
      findings,
      severity: verdict.severity,
      status: verdict.status,
      differs: verdict.differs,
    };
  }

  private async sample(sides: Sides, keyValues: (k: string) => KeyValues, order: (a: string, b: string) => number) {
    const cfg = this.options.sample;
    if (!cfg) return null;
    const { sourceRows, targetRows, differing } = await compareSampleStreams(
      this.source.stream(sampleSql(sides.s, this.spec, cfg.seed, cfg.rate)), this.target.stream(sampleSql(sides.t, this.spec, cfg.seed, cfg.rate)));
    return { seed: cfg.seed, rate: cfg.rate, source_rows: sourceRows, target_rows: targetRows, mismatched_keys: differing.sort(order).map(keyValues) };
  }
}
