// Merges the reports of `recon --shard i/N` runs into the report of the whole table. Each shard covered
// one slice of the key space, so counts and differences add up, the listed keys merge in key order (at
// most listed_limit of each kind), and the verdict is decided again on the merged figures. Aggregates and
// samples are whole-table figures no shard computes; the merged report has none.
import { CopilotError } from '../errors.js';
import type { LogicalType } from '../hashing/types.js';
import { duplicateKeyFindings, schemaFindings } from './findings.js';
import { compareDecimal } from './key-values.js';
import { buildReport } from './report.js';
import type { KeyValues, ReconReport, TableReport } from './report-types.js';
import { evaluateTolerances, tableStatus, type Tolerances } from './tolerance.js';

function keyOrder(t: TableReport): (a: KeyValues, b: KeyValues) => number {
  const types = new Map(t.columns.map((c) => [c.name, c.logical_type as LogicalType]));
  return (a, b) => {
    for (const k of t.key) {
      const x = a[k] ?? null;
      const y = b[k] ?? null;
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      const logical = types.get(k);
      if ((logical === 'integer' || logical === 'decimal') && /^-?\d+(\.\d+)?$/.test(String(x)) && /^-?\d+(\.\d+)?$/.test(String(y))) {
        const c = compareDecimal(String(x), String(y));
        if (c !== 0) return c;
        continue;
      }
      return String(x) < String(y) ? -1 : 1;
    }
    return 0;
  };
}

function mergeTable(parts: readonly TableReport[], tolerances: Tolerances): TableReport {
  const first = parts[0]!;
  const order = keyOrder(first);
  const limit = first.differences.listed_limit;
  const sum = (f: (t: TableReport) => number) => parts.reduce((n, t) => n + f(t), 0);
  const keys = (f: (t: TableReport) => KeyValues[]) => parts.flatMap(f).sort(order).slice(0, limit);
  const counts = { source: sum((t) => t.counts.source), target: sum((t) => t.counts.target) };
  const differences = {
    missing: sum((t) => t.differences.missing), extra: sum((t) => t.differences.extra),
    mismatched: sum((t) => t.differences.mismatched), duplicates: sum((t) => t.differences.duplicates), listed_limit: limit,
  };
  const findings = [
    ...evaluateTolerances({ sourceRows: counts.source, targetRows: counts.target, differingRows: differences.missing + differences.extra + differences.mismatched, aggregates: [] }, tolerances),
    ...schemaFindings(first.schema_differences),
    ...duplicateKeyFindings(first.key, differences.duplicates),
  ];
  const anyDifference = parts.some((t) => t.differs);
  const verdict = tableStatus(findings, anyDifference);
  return {
    ...first,
    counts,
    differences,
    differences_file: null,
    shard: null,
    missing_keys: keys((t) => t.missing_keys),
    extra_keys: keys((t) => t.extra_keys),
    duplicate_keys: keys((t) => t.duplicate_keys),
    mismatched_rows: parts.flatMap((t) => t.mismatched_rows).sort((a, b) => order(a.key, b.key)).slice(0, limit),
    segments: {
      first_pass: sum((t) => t.segments.first_pass), compared: sum((t) => t.segments.compared),
      differing: sum((t) => t.segments.differing), leaves: sum((t) => t.segments.leaves), leaf_rows: first.segments.leaf_rows,
    },
    aggregates: [],
    sample: null,
    findings,
    severity: verdict.severity,
    status: verdict.status,
    differs: verdict.differs,
  };
}

/** Checks that the shards are 1..N of one comparison, each once, and merges them. `names` label them in errors. */
export function mergeShardReports(reports: readonly ReconReport[], names: readonly string[], tolerances: Tolerances, generatedAt: string): ReconReport {
  if (reports.length === 0) throw new CopilotError('USAGE', 'recon merge: no shard reports given', { hint: 'pass the recon_report.json of every shard' });
  const bad = (message: string) => new CopilotError('INPUT_INVALID', `recon merge: ${message}`, { hint: 'pass each shard report of one comparison (recon --shard i/N) exactly once' });
  const first = reports[0]!;
  const count = first.tables[0]?.shard?.count;
  if (count === undefined) throw bad(`${names[0]} is not a shard report (its tables have no "shard")`);
  const seen = new Map<number, string>();
  reports.forEach((r, i) => {
    if (r.source.location !== first.source.location || r.target.location !== first.target.location) throw bad(`${names[i]} compares other tables or databases than ${names[0]}`);
    if (r.tables.length !== first.tables.length || r.tables.some((t, j) => t.source_table !== first.tables[j]!.source_table || t.target_table !== first.tables[j]!.target_table)) {
      throw bad(`${names[i]} holds other tables than ${names[0]}`);
    }
    const shard = r.tables[0]?.shard;
    if (!shard || shard.count !== count) throw bad(`${names[i]} is not one of ${count} shards`);
    if (seen.has(shard.index)) throw bad(`${names[i]} and ${seen.get(shard.index)} are both shard ${shard.index}`);
    seen.set(shard.index, names[i]!);
  });
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) throw bad(`shard(s) ${missing.join(', ')} of ${count} missing`);
  return buildReport({
    generatedAt, spec: { specId: first.hashing_spec.spec_id, version: first.hashing_spec.version, digest: first.hashing_spec.digest as 'md5' },
    source: first.source, target: first.target,
    tables: first.tables.map((_, j) => mergeTable(reports.map((r) => r.tables[j]!), tolerances)),
  });
}
