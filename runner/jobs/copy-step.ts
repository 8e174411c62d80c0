// One copy_table step: extract -> transform -> load -> checkpoint, chunk by chunk, into a staging table
// named by plan digest and step; then the promotion (swap or merge by key) in one transaction. Each chunk
// replaces its own key range in staging in one transaction, and its checkpoint is written after that
// commit, so a run killed anywhere and resumed loads every row exactly once: a chunk whose checkpoint is
// missing is simply loaded again over its range. The promotion is recognised as done when the replaced
// table exists and staging does not, so a kill between its commit and its checkpoint is harmless too.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CopilotError } from '../../core/errors.js';
import { inShard, keyRanges } from '../../core/plan/chunks.js';
import { parseTable, tableText } from '../../core/plan/tables.js';
import { extractExpr, type TransferColumn } from '../../core/plan/transfer.js';
import { createStagingSql, createTableSql, promoteSql, rangePredicate, replacedTable, stagingTable, type KeyRange, type WriteMode } from '../../core/plan/write-sql.js';
import type { Step, StepResult, TableMapping } from '../../core/types/generated.js';
import type { DeepReadonly } from '../../core/schema/readonly.js';
import type { Engine } from '../../core/dialects/index.js';
import type { ChunkInput } from '../connectors/writer.js';
import { csvOfRows } from '../connectors/csv.js';
import type { Extractor } from '../connectors/extract.js';
import { binaryCopyRefusal } from '../connectors/pg-binary.js';
import { readAhead } from '../connectors/read-ahead.js';
import { PartSpool } from '../connectors/spool.js';
import type { JobContext } from './context.js';
import { withRetry } from './retry.js';

interface ChunkPlan { /** The key span (an upper bound of the rows, for progress). */ readonly rows: number; readonly key: string; readonly ranges: readonly KeyRange[] }
interface ChunkDone { readonly rows: number; readonly attempts: number; readonly ms: number }

export function mappingFor(ctx: JobContext, step: DeepReadonly<Step>): DeepReadonly<TableMapping> {
  const m = ctx.mapping?.tables.find((t) => t.source === step.source_table && t.target === step.target_table);
  if (!m) {
    throw new CopilotError('INPUT_INVALID', `plans/migration_plan.json: step ${step.id} copies ${step.source_table} to ${step.target_table}, which contracts/schema_mapping.yml does not map`, {
      hint: 'map the table in contracts/schema_mapping.yml (and sign the plan again)',
    });
  }
  return m;
}

/** Chunks read from the source ahead of the one the writer loads (spooled to disk: PartSpool). */
const CHUNKS_AHEAD = 2;

const chunkKey = (id: string, i: number) => `${id}/chunk-${String(i).padStart(5, '0')}.json`;

async function chunkPlan(ctx: JobContext, step: DeepReadonly<Step>, sourceKey: string, chunkRows: number): Promise<ChunkPlan> {
  const saved = await ctx.checkpoints.get<ChunkPlan>(`${step.id}/chunks.json`);
  if (saved) return saved;
  const src = await ctx.links.source();
  const d = src.read.dialect;
  const k = d.quoteIdent(sourceKey);
  const rel = src.read.relation(parseTable(step.source_table!));
  const cols = await src.read.describe(parseTable(step.source_table!));
  const keyCol = cols.find((c) => c.name === sourceKey);
  const integer = keyCol && d.logicalTypeOf(keyCol.dataType, keyCol.scale) === 'integer';
  // min and max only (an index answers them): ranges are cut by key span, so no count scan of the table
  // precedes the copy; a sparse key just makes smaller chunks.
  const [row] = integer ? await src.read.query(`SELECT ${d.toText(`min(${k})`)} AS lo, ${d.toText(`max(${k})`)} AS hi FROM ${rel}`) : [];
  const span = row?.lo != null && row.hi != null ? BigInt(row.hi) - BigInt(row.lo) + 1n : 0n;
  const rows = Number(span);
  const ranges = span > 0n ? keyRanges(BigInt(row!.lo!), BigInt(row!.hi!), rows, chunkRows) : [{}];
  const plan = { rows, key: sourceKey, ranges };
  await ctx.checkpoints.put(`${step.id}/chunks.json`, plan);
  return plan;
}

/** The source SELECT of one chunk: every column as the exact text the target reads (core/plan/transfer.ts). */
export function chunkSelect(source: Extractor, engine: Engine, columns: readonly TransferColumn[], table: string, key: string, range: KeyRange): string {
  const d = source.read.dialect;
  return `SELECT ${columns.map((c) => `${extractExpr(d, engine, c)} AS ${d.quoteIdent(c.target)}`).join(', ')} ` +
    `FROM ${source.read.relation(parseTable(table))} WHERE ${rangePredicate(d, key, range)}`;
}

/** A chunk as CSV: PostgreSQL's own COPY output (no value touched in Node), else the text rows as CSV. */
export function chunkCsv(source: Extractor, select: string, names: readonly string[]): AsyncIterable<Buffer> {
  return source.csv ? source.csv(select) : csvOfRows(readAhead(source.rows(select, 10_000)), names);
}

export async function runCopyStep(ctx: JobContext, step: DeepReadonly<Step>): Promise<StepResult> {
  const started = ctx.now();
  const startedAt = new Date(started).toISOString();
  const mapping = mappingFor(ctx, step);
  const target = parseTable(step.target_table);
  const staging = stagingTable(target, ctx.planSha256, step.id);
  const replaced = replacedTable(target, ctx.version);
  const grant = ctx.grant(step.id);
  const base = { id: step.id, kind: step.kind, target_table: step.target_table, staging_table: tableText(staging), started_at: startedAt } as const;
  const done = await ctx.checkpoints.get<{ status: string; rows: number }>(`${step.id}/step.json`);
  if (done?.status === 'promoted') {
    return { ...base, status: 'resumed', attempts: 0, rows_written: done.rows, replaced_table: tableText(replaced), finished_at: new Date(ctx.now()).toISOString(), note: 'promoted by an earlier run' };
  }

  const src = await ctx.links.source();
  const sourceCols = new Map((await src.read.describe(parseTable(step.source_table!))).map((c) => [c.name, c.dataType]));
  const columns: TransferColumn[] = mapping.columns.map((c) => {
    const sourceType = sourceCols.get(c.source);
    if (sourceType === undefined) throw new CopilotError('QUERY_FAILED', `${step.source_table}.${c.source} is not in the source (${src.read.location})`);
    return { source: c.source, sourceType, target: c.target, targetType: c.target_type, ...(c.cast ? { cast: c.cast } : {}) };
  });
  const targetKey = step.shard?.column ?? step.key_columns![0]!;
  const sourceKey = mapping.columns.find((c) => c.target === targetKey)?.source ?? targetKey;
  const chunkRows = Number(step.params?.chunk_rows ?? step.params?.batch_rows ?? 50_000);
  const plan = await chunkPlan(ctx, step, sourceKey, chunkRows);

  let dst = await ctx.links.target();
  const promotedAlready = async () => (await dst.tableExists(replaced)) && !(await dst.tableExists(staging));
  if (await promotedAlready()) {
    let loadedRows = 0;
    for (const key of await ctx.checkpoints.list(`${step.id}/chunk-`)) loadedRows += (await ctx.checkpoints.get<ChunkDone>(key))?.rows ?? 0;
    await ctx.checkpoints.put(`${step.id}/step.json`, { status: 'promoted', rows: loadedRows });
    return { ...base, status: 'resumed', attempts: 0, rows_written: loadedRows, replaced_table: tableText(replaced), finished_at: new Date(ctx.now()).toISOString(), note: 'promotion found committed' };
  }
  const targetColumns = mapping.columns.map((c) => ({ name: c.target, type: c.target_type }));
  if (dst.prepare) {
    await dst.prepare(grant, { target, staging, columns: targetColumns, keys: mapping.key_columns });
  } else {
    await dst.transaction(grant, [createTableSql(dst.dialect, target, targetColumns, mapping.key_columns), createStagingSql(dst.dialect, staging, target)]);
  }

  // PostgreSQL -> PostgreSQL with every column's type identical on both sides: the source's binary COPY goes
  // into staging as it is (nothing parsed or printed on either server, nothing decoded in Node).
  const binary = src.pgBinary !== undefined && dst.pgBinary === true && binaryCopyRefusal(columns, await dst.describe(staging)) === undefined;
  if (binary) ctx.progress.event(`${step.id}: identical column types, copied in PostgreSQL's binary COPY format`);

  let rows = 0;
  let loaded = 0;
  let resumed = 0;
  let retries = 0;
  let inThisShard = 0;
  const onRetry = (e: unknown, attempt: number, delay: number) => {
    retries++;
    ctx.progress.warn(`${step.id}: transient failure, retry ${attempt} in ${delay} ms: ${(e as Error).message}`, { step: step.id, attempt, delay_ms: delay });
  };
  // Chunks still to load (a checkpointed one was committed by an earlier run: counted, not loaded again).
  const todo: number[] = [];
  for (let i = 0; i < plan.ranges.length; i++) {
    if (!inShard(i, ctx.shard)) continue;
    inThisShard++;
    const prior = await ctx.checkpoints.get<ChunkDone>(chunkKey(step.id, i));
    if (prior) {
      resumed++;
      rows += prior.rows;
    } else {
      todo.push(i);
    }
  }
  const names = columns.map((c) => c.target);
  const selectOf = (source: Extractor, engine: Engine, i: number) => chunkSelect(source, engine, columns, step.source_table!, sourceKey, plan.ranges[i]!);
  const csvOf = (source: Extractor, select: string) => chunkCsv(source, select, names);
  // A writer that loads files gets each chunk as CSV part files, spooled while the parts before them are
  // inserted; once a chunk's read from the source ends, the next chunk's begins (bounded: PartSpool's parts
  // and CHUNKS_AHEAD), so the source and the writer work at the same time, the source never waiting for a
  // commit, and memory stays flat. The spools are pipelines, never a cache: a chunk that is tried again
  // reads the source again.
  const spoolDir = dst.accepts === 'parts' ? await mkdtemp(join(tmpdir(), 'mc-chunks-')) : undefined;
  const spools = new Map<number, PartSpool>();
  const spoolOf = (source: Extractor, i: number): PartSpool => {
    let s = spools.get(i);
    if (!s) {
      s = new PartSpool(csvOf(source, selectOf(source, dst.engine, i)), spoolDir!, `chunk-${i}`);
      spools.set(i, s);
    }
    return s;
  };
  // The source is read one chunk after another without waiting for the writer, up to CHUNKS_AHEAD chunks
  // beyond the one loading: chunk todo[j + 1]'s read starts when todo[j]'s ends (one source connection).
  const readOn = (source: Extractor, j: number, limit: number): void => {
    const s = spoolOf(source, todo[j]!);
    if (j + 1 < Math.min(todo.length, limit)) void s.finished.then(() => { if (spools.get(todo[j]!) === s) readOn(source, j + 1, limit); });
  };
  const discard = async (i: number) => { const s = spools.get(i); spools.delete(i); await s?.discard(); };
  try {
    for (let k = 0; k < todo.length; k++) {
      const i = todo[k]!;
      const range = plan.ranges[i]!;
      const t0 = ctx.now();
      const { value, attempts } = await withRetry(ctx.retry, async (attempt) => {
        if (attempt > 1) {
          // Every spool reads on the connection it started on: they stop before the links are reopened.
          for (const j of [...spools.keys()]) await discard(j);
          await ctx.links.reset();
        }
        dst = await ctx.links.target();
        let input: ChunkInput;
        if (spoolDir) {
          const source = await ctx.links.source();
          readOn(source, k, k + 1 + CHUNKS_AHEAD);
          input = { kind: 'parts', parts: spoolOf(source, i).parts() };
        } else {
          const source = await ctx.links.source();
          const select = selectOf(source, dst.engine, i);
          input = dst.accepts === 'rows' ? { kind: 'rows', batches: readAhead(source.rows(select, 10_000)) }
            : binary && source.pgBinary ? { kind: 'pg-binary', chunks: source.pgBinary(select) }
            : { kind: 'csv', chunks: csvOf(source, select) };
        }
        return dst.loadChunk(grant, { staging, columns, key: targetKey, range, input });
      }, { onRetry });
      await discard(i);
      await ctx.checkpoints.put(chunkKey(step.id, i), { rows: value, attempts, ms: ctx.now() - t0 } satisfies ChunkDone);
      loaded++;
      rows += value;
      ctx.progress.rows(step.id, rows, plan.rows, started);
    }
  } finally {
    for (const j of [...spools.keys()]) await discard(j);
    if (spoolDir) await rm(spoolDir, { recursive: true, force: true });
  }
  const chunks = { total: plan.ranges.length, loaded, resumed, in_shard: inThisShard };
  const finish = (extra: Partial<StepResult>): StepResult => {
    const ms = ctx.now() - started;
    return { ...base, ...(binary ? { note: 'PostgreSQL binary COPY: identical column types' } : {}), attempts: 1 + retries, retries, rows_written: rows, chunks, duration_ms: ms, rows_per_s: ms > 0 ? Math.round((loaded ? rows : 0) / (ms / 1000)) : 0, finished_at: new Date(ctx.now()).toISOString(), status: 'succeeded', ...extra };
  };
  if (ctx.shard) {
    ctx.progress.stepDone(step.id, `shard ${ctx.shard.index}/${ctx.shard.count}: ${rows} rows in staging`);
    return finish({ status: 'loaded', note: `shard ${ctx.shard.index} of ${ctx.shard.count} loaded into staging; the run without --shard promotes it` });
  }

  const mode = (step.mode ?? 'replace') as WriteMode;
  const { attempts } = await withRetry(ctx.retry, async (attempt) => {
    if (attempt > 1) await ctx.links.reset();
    dst = await ctx.links.target();
    if (await promotedAlready()) return;
    const promotion = { target, staging, replaced, mode, keys: mapping.key_columns, columns: mapping.columns.map((c) => c.target) };
    const partitionBy = typeof step.params?.partition_by === 'string' ? step.params.partition_by : undefined;
    if (dst.promote) await dst.promote(grant, { ...promotion, ...(partitionBy ? { partitionBy } : {}) });
    else await dst.transaction(grant, promoteSql(dst.dialect, promotion));
  }, { onRetry });
  await ctx.checkpoints.put(`${step.id}/step.json`, { status: 'promoted', rows });
  ctx.progress.stepDone(step.id, `${rows} rows, ${mode} into ${step.target_table} (previous table kept as ${tableText(replaced)})`);
  return finish({ attempts: attempts + retries, replaced_table: tableText(replaced) });
}
