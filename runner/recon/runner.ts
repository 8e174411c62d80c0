// The ReconciliationRunner: proves a target table equals its source, pushing the work into both
// engines. Steps, per table (2 and 3 in ./segments.ts):
//   1. resolve columns and compile the hashing spec into each side's SQL;
//   2. segment checksums over ordinal ranges, both sides at once; split only differing segments,
//      down to leaves of at most leafRows rows;
//   3. (key, row hash) of the leaves only, diffed here; full canonical rows only for differing keys;
//   4. per-column aggregates and the deterministic sample; tolerances from policy give the verdict.
// Only checksums and differing rows cross the wire.
import type { TableName } from '../../core/dialects/index.js';
import { compileRowHash, DEFAULT_HASHING_SPEC, type HashColumn, type HashingSpec } from '../../core/hashing/index.js';
import { compareAggregates, defaultAggregates } from '../../core/recon/aggregates.js';
import { displayValue } from '../../core/recon/display.js';
import { splitKeyText } from '../../core/recon/keytext.js';
import { MASKED, piiColumns, type PiiRule } from '../../core/recon/pii.js';
import { aggregateSql, detailSql, sampleSql, type SideSql } from '../../core/recon/queries.js';
import { buildReport } from '../../core/recon/report.js';
import type { KeyValues, MismatchedRow, TableReport, ToleranceFinding } from '../../core/recon/report-types.js';
import { DEFAULT_BISECT, type BisectOptions, type OrdinalRange } from '../../core/recon/segments.js';
import { evaluateTolerances, STRICT_TOLERANCES, tableStatus, type Tolerances } from '../../core/recon/tolerance.js';
import type { ReconReport } from '../../core/recon/report-types.js';
import type { ReadConnection, Row } from '../connectors/connection.js';
import { resolveColumns, type ColumnChoice } from './columns.js';
import { chunks, type Pair } from './pair.js';
import { diffLeaves, differingSegments, RANGES_PER_QUERY } from './segments.js';

export interface ReconTableRequest extends ColumnChoice {
  readonly source: TableName;
  /** Defaults to the source table's name. */
  readonly target?: TableName;
  /** Columns whose distinct count is compared (a full extra aggregate; only where asked). */
  readonly distinct?: readonly string[];
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
  readonly now?: () => Date;
}

interface Sides {
  readonly s: SideSql;
  readonly t: SideSql;
}

const KEYS_PER_QUERY = 500;

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

  async reconcileTable(req: ReconTableRequest): Promise<TableReport> {
    const targetTable = req.target ?? req.source;
    const [sc, tc] = await Promise.all([this.source.describe(req.source), this.target.describe(targetTable)]);
    const cols = resolveColumns(req,
      { dialect: this.source.dialect, table: req.source, catalog: sc, location: this.source.location },
      { table: targetTable, catalog: tc, location: this.target.location });
    const sides: Sides = {
      s: { dialect: this.source.dialect, relation: this.source.relation(req.source), hash: compileRowHash(this.source.dialect, this.spec, cols.sourceKey, cols.sourceCols) },
      t: { dialect: this.target.dialect, relation: this.target.relation(targetTable), hash: compileRowHash(this.target.dialect, this.spec, cols.targetKey, cols.targetCols) },
    };

    const pair: Pair = { source: { conn: this.source, sql: sides.s }, target: { conn: this.target, sql: sides.t } };
    const seg = await differingSegments(pair, this.bisectOptions);
    const diff = await diffLeaves(pair, seg.leaves);
    const limit = this.options.listLimit ?? 1000;
    const allNames = [...cols.sourceKey, ...cols.sourceCols].map((c) => c.name);
    const pii = piiColumns(allNames, this.options.pii ?? []);
    const keyNames = cols.sourceKey.map((c) => c.name);
    const keyValues = (k: string): KeyValues =>
      Object.fromEntries(splitKeyText(k, this.spec).map((v, i) => [keyNames[i]!, pii.has(keyNames[i]!) ? MASKED : v ?? this.spec.nullSentinel]));
    const mismatchedRows = await this.details(sides, seg.leaves, diff.mismatched.slice(0, limit), cols.sourceCols, pii, keyValues);

    const aggCols = defaultAggregates(cols.sourceCols, req.distinct ?? []);
    const aggTargetCols = aggCols.map((a, i) => ({ ...a, column: cols.targetCols[i]! }));
    let aggregates: TableReport['aggregates'] = [];
    if (this.options.aggregates !== false && aggCols.length > 0) {
      const [sa, ta] = await Promise.all([
        this.source.query(aggregateSql(sides.s, aggCols)),
        this.target.query(aggregateSql(sides.t, aggTargetCols)),
      ]);
      const logical = new Map(cols.sourceCols.map((c) => [c.name, c.logical]));
      aggregates = compareAggregates(aggCols, sa[0] ?? {}, ta[0] ?? {}).map((a) => (a.metric === 'sum' || a.metric === 'min' || a.metric === 'max'
        ? { ...a, source: displayValue(logical.get(a.column)!, a.source), target: displayValue(logical.get(a.column)!, a.target) } : a));
      aggregates = aggregates.map((a) => (pii.has(a.column) && (a.metric === 'min' || a.metric === 'max' || a.metric === 'sum') ? { ...a, source: MASKED, target: MASKED } : a));
    }
    const sample = await this.sample(sides, keyValues);

    const differing = diff.missing.length + diff.extra.length + diff.mismatched.length;
    const findings: ToleranceFinding[] = evaluateTolerances(
      { sourceRows: seg.sourceRows, targetRows: seg.targetRows, differingRows: differing, aggregates },
      this.options.tolerances ?? STRICT_TOLERANCES,
    );
    if (diff.duplicates.length > 0) {
      findings.push({
        rule: 'recon.unique_key', column: null, value: diff.duplicates.length, max: 0, severity: 'Critical', exceeded: true,
        message: `key (${keyNames.join(', ')}) is not unique: ${diff.duplicates.length} duplicated value(s); rows cannot be matched by key`,
      });
    }
    const anyDifference = differing > 0 || seg.sourceRows !== seg.targetRows || aggregates.some((a) => !a.equal)
      || (sample?.mismatched_keys.length ?? 0) > 0;
    const verdict = tableStatus(findings, anyDifference);
    return {
      source_table: tableLabel(req.source),
      target_table: tableLabel(targetTable),
      key: keyNames,
      columns: [...cols.sourceKey, ...cols.sourceCols].map((c) => ({ name: c.name, logical_type: c.logical, pii: pii.has(c.name) })),
      counts: { source: seg.sourceRows, target: seg.targetRows },
      differences: { missing: diff.missing.length, extra: diff.extra.length, mismatched: diff.mismatched.length, listed_limit: limit },
      missing_keys: diff.missing.slice(0, limit).map(keyValues),
      extra_keys: diff.extra.slice(0, limit).map(keyValues),
      mismatched_rows: mismatchedRows,
      duplicate_keys: diff.duplicates.slice(0, limit).map(keyValues),
      segments: seg.stats,
      aggregates,
      sample,
      findings,
      severity: verdict.severity,
      status: verdict.status,
    };
  }

  /** Both sides' canonical values of each differing column of the mismatched keys. */
  private async details(
    sides: Sides, leaves: readonly OrdinalRange[], keys: readonly string[], columns: readonly HashColumn[],
    pii: ReadonlySet<string>, keyValues: (k: string) => KeyValues,
  ): Promise<MismatchedRow[]> {
    const src = new Map<string, Row>();
    const tgt = new Map<string, Row>();
    for (const group of chunks(keys, KEYS_PER_QUERY)) {
      for (const ranges of chunks(leaves, RANGES_PER_QUERY)) {
        const [a, b] = await this.both((c, side) => c.query(detailSql(side, ranges, group)), sides);
        for (const r of a) src.set(r.k!, r);
        for (const r of b) tgt.set(r.k!, r);
      }
    }
    return keys.map((k) => {
      const s = src.get(k) ?? {};
      const t = tgt.get(k) ?? {};
      const differing = columns.flatMap((col, i) => {
        const sv = s[`f${i}`] ?? null;
        const tv = t[`f${i}`] ?? null;
        if (sv === tv) return [];
        const shown = (v: string | null) => (pii.has(col.name) ? MASKED : v === null ? null : displayValue(col.logical, splitKeyText(v, this.spec)[0]!));
        return [{ column: col.name, source: shown(sv), target: shown(tv) }];
      });
      return { key: keyValues(k), columns: differing };
    });
  }

  private async sample(sides: Sides, keyValues: (k: string) => KeyValues) {
    const cfg = this.options.sample;
    if (!cfg) return null;
    const [a, b] = await this.both((c, side) => c.query(sampleSql(side, this.spec, cfg.seed, cfg.rate)), sides);
    const fieldsOf = (r: Row) => Object.entries(r).filter(([k]) => k !== 'k').map(([, v]) => v).join('\u0000');
    const tm = new Map(b.map((r) => [r.k!, fieldsOf(r)]));
    const sm = new Map(a.map((r) => [r.k!, fieldsOf(r)]));
    const keys = [...new Set([...sm.keys(), ...tm.keys()])].sort();
    const mismatched = keys.filter((k) => sm.get(k) !== tm.get(k));
    return { seed: cfg.seed, rate: cfg.rate, source_rows: a.length, target_rows: b.length, mismatched_keys: mismatched.map(keyValues) };
  }
}
