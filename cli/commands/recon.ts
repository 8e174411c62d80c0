// `migration-copilot recon`: reconciles one table ad hoc, read-only. Exit 0 when nothing differs
// beyond tolerance, 1 when something does (a column whose type differs included), 2 for bad usage (or
// a column asked for that cannot be compared at all), 3 when a system fails. `recon merge` combines the
// reports of `--shard i/N` runs.
import { createReadStream, existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { TableName } from '../../core/dialects/index.js';
import { CopilotError } from '../../core/errors.js';
import { DEFAULT_POLICY, parsePolicy, type ReadonlyPolicy } from '../../core/policy/index.js';
import { REPO_PATHS } from '../../core/repo/paths.js';
import { renderReconMarkdown } from '../../core/recon/markdown.js';
import { mergeShardReports } from '../../core/recon/merge.js';
import { reportExitCode } from '../../core/recon/report.js';
import type { ReconReport } from '../../core/recon/report-types.js';
import { parseJson } from '../../core/schema/parse-json.js';
import { validateDocument } from '../../core/schema/validate.js';
import type { ReadConnection } from '../../runner/connectors/connection.js';
import { openConnection, URI_FORMS } from '../../runner/connectors/open.js';
import { Redactor } from '../../runner/secrets/redact.js';
import { LinesFile } from '../../runner/recon/lines-file.js';
import { ReconciliationRunner, type ReconProgress } from '../../runner/recon/runner.js';
import type { Shard } from '../../runner/recon/segments.js';
import { parseFlags, requireFlag, type Command, type CommandIO } from '../command.js';
import { readInput } from '../read-input.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]*$/;

function tableName(cmd: Command, flag: string, value: string): TableName {
  const parts = value.split('.');
  if (parts.length > 2 || parts.some((p) => !IDENT.test(p))) {
    throw new CopilotError('USAGE', `${cmd.name}: --${flag} "${value}" is not SCHEMA.TABLE or TABLE`, { hint: `usage:\n${cmd.usage}` });
  }
  return parts.length === 2 ? { schema: parts[0]!, name: parts[1]! } : { name: parts[0]! };
}

function list(cmd: Command, flag: string, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) throw new CopilotError('USAGE', `${cmd.name}: --${flag} has an empty column name`, { hint: `usage:\n${cmd.usage}` });
  return names;
}

function positiveInt(cmd: Command, flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw new CopilotError('USAGE', `${cmd.name}: --${flag} must be a positive integer`, { hint: `usage:\n${cmd.usage}` });
  return Number(value);
}

async function policyIn(cwd: string, file: string | undefined): Promise<{ policy: ReadonlyPolicy; from: string }> {
  const name = file ?? REPO_PATHS.policy;
  if (file === undefined && !existsSync(join(cwd, name))) return { policy: DEFAULT_POLICY, from: 'policies/policy.json (default)' };
  const text = await readInput(cwd, name, { what: 'policy', hint: 'pass an existing file to --policy' });
  return { policy: parsePolicy(text, name), from: resolve(cwd, name) };
}

/** Writes next to the destination and renames: a reader never sees half a report. */
async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, path);
  } catch (e) {
    throw new CopilotError('IO_FAILED', `cannot write ${path}: ${(e as Error).message}`, { hint: 'check that the folder exists and is writable' });
  }
}

/** Progress on stderr: rewritten in place on a terminal, a line every few seconds on a pipe with --progress. */
function progressPrinter(io: CommandIO, terminal: boolean): (p: ReconProgress) => void {
  const started = Date.now();
  let last = 0;
  let leafStart = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < (terminal ? 200 : 2000)) return;
    last = now;
    const secs = (now - started) / 1000;
    let line = `recon ${p.table}: ${p.compared} segments compared, ${p.differing} differing`;
    if (p.phase === 'rows') {
      if (leafStart === 0) leafStart = now;
      const rate = p.rows / Math.max(0.001, (now - leafStart) / 1000);
      const eta = p.expectedRows > p.rows && rate > 0 ? `, ETA ${Math.ceil((p.expectedRows - p.rows) / rate)} s` : '';
      line += `; ${p.rows} differing-segment rows read, ${Math.round(rate)} rows/s${eta}`;
    }
    line += ` (${secs.toFixed(0)} s)`;
    io.stderr.write(terminal ? `\r${line.slice(0, 150).padEnd(150)}` : `${line}\n`);
  };
}

function shardOf(cmd: Command, value: string | undefined): Shard | undefined {
  if (value === undefined) return undefined;
  const m = /^([1-9][0-9]{0,3})\/([1-9][0-9]{0,3})$/.exec(value);
  if (!m || Number(m[1]) > Number(m[2])) {
    throw new CopilotError('USAGE', `${cmd.name}: --shard "${value}" is not i/N with 1 <= i <= N`, { hint: 'run N processes with --shard 1/N ... N/N, then `migration-copilot recon merge` their reports' });
  }
  return { index: Number(m[1]), count: Number(m[2]) };
}

/** FILE.json -> FILE.differences.jsonl, beside it. */
export function differencesPath(out: string): string {
  return `${out.replace(/\.json$/i, '')}.differences.jsonl`;
}

/** `recon merge --out FILE SHARD.json...`: one report from the reports of every shard. */
async function merge(cmd: Command, args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseFlags(cmd, args, { out: { type: 'string' }, format: { type: 'string' }, policy: { type: 'string' } }, true);
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'md') throw new CopilotError('USAGE', `${cmd.name} merge: --format must be json or md`, { hint: `usage:\n${cmd.usage}` });
  const { policy } = await policyIn(io.cwd, values.policy);
  const reports: ReconReport[] = [];
  for (const file of positionals) {
    const text = await readInput(io.cwd, file, { what: 'shard report', hint: 'pass the recon_report.json each `recon --shard i/N --out FILE` wrote' });
    const doc = parseJson(text, file);
    const findings = doc.findings.length > 0 ? doc.findings : validateDocument('recon_report', doc.value, doc);
    if (findings.length > 0) throw new CopilotError('INPUT_INVALID', `${file}:${findings[0]!.line}: ${findings[0]!.message}`, { hint: 'pass reports written by `recon --shard i/N --out FILE`' });
    reports.push(doc.value as ReconReport);
  }
  const report = mergeShardReports(reports, positionals, policy.tolerances, new Date().toISOString());
  if (values.out !== undefined) {
    const out = resolve(io.cwd, values.out);
    // The shards' difference files, one after another, become the merged report's.
    const parts = positionals.map((f, i) => ({ report: resolve(io.cwd, f), file: reports[i]!.tables[0]?.differences_file ?? null }));
    if (parts.every((p) => p.file !== null)) {
      const lines = new LinesFile(differencesPath(out));
      try {
        for (const p of parts) {
          for await (const line of createInterface({ input: createReadStream(join(dirname(p.report), p.file!)), crlfDelay: Infinity })) await lines.write(line);
        }
        await lines.commit();
      } catch (e) {
        await lines.abort();
        throw e instanceof CopilotError ? e : new CopilotError('IO_FAILED', `cannot merge the shards' difference files: ${(e as Error).message}`, { hint: 'keep each shard report beside its .differences.jsonl file' });
      }
      report.tables.forEach((t, i) => { if (i === 0) (t as { differences_file: string | null }).differences_file = basename(differencesPath(out)); });
    }
    await writeAtomic(out, `${JSON.stringify(report, null, 2)}\n`);
  }
  io.stdout.write(format === 'md' ? renderReconMarkdown(report) : `${JSON.stringify(report, null, 2)}\n`);
  io.stderr.write(`${verdictLine(report)}\n`);
  return reportExitCode(report);
}

function verdictLine(r: ReconReport): string {
  const s = r.summary;
  return `recon ${s.status.toUpperCase()}: ${s.passed} table(s) PASS${s.within_tolerance > 0 ? ` (${s.within_tolerance} within tolerance)` : ''}, ${s.failed} FAIL`;
}

const command: Command = {
  name: 'recon',
  summary: 'Reconcile a target table against its source (read-only): counts, missing/extra/different keys, column types, aggregates.',
  usage: '  migration-copilot recon --source URI --target URI --table SCHEMA.TABLE [--target-table SCHEMA.TABLE]\n' +
    '                         --key COL[,COL] [--columns C1,C2] [--out FILE] [--format json|md] [--progress]\n' +
    '                         [--policy FILE] [--sample-rate R --seed S] [--distinct C1,C2] [--leaf-rows N] [--shard i/N]\n' +
    '  migration-copilot recon merge [--out FILE] [--format json|md] SHARD_REPORT.json...\n' +
    `    URIs: ${URI_FORMS}\n` +
    '    --out          write recon_report.json to FILE and every differing row, one JSON line each, to\n' +
    '                   FILE.differences.jsonl beside it (stdout still gets --format)\n' +
    '    --policy       tolerances and PII rules (default .migration/policy.json, else policies/policy.json)\n' +
    '    --sample-rate  also compare a deterministic sample (hash of key and --seed), 0 < R <= 1\n' +
    '    --leaf-rows    rows at which a differing segment is diffed key by key (default 1000)\n' +
    '    --shard i/N    compare only slice i of N of the key space (run N processes, then `recon merge`)\n' +
    '    --progress     show progress on stderr even when it is not a terminal',
  async run(args, io) {
    if (args[0] === 'merge') return merge(this, args.slice(1), io);
    const { values } = parseFlags(this, args, {
      source: { type: 'string' }, target: { type: 'string' }, table: { type: 'string' }, 'target-table': { type: 'string' },
      key: { type: 'string' }, columns: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' },
      policy: { type: 'string' }, 'sample-rate': { type: 'string' }, seed: { type: 'string' }, distinct: { type: 'string' },
      'leaf-rows': { type: 'string' }, shard: { type: 'string' }, progress: { type: 'boolean' },
    });
    const sourceUri = requireFlag(this, values.source, 'source');
    const targetUri = requireFlag(this, values.target, 'target');
    const table = tableName(this, 'table', requireFlag(this, values.table, 'table'));
    const targetTable = values['target-table'] !== undefined ? tableName(this, 'target-table', values['target-table']) : undefined;
    const key = list(this, 'key', requireFlag(this, values.key, 'key'))!;
    const format = values.format ?? 'json';
    if (format !== 'json' && format !== 'md') throw new CopilotError('USAGE', `${this.name}: --format must be json or md`, { hint: `usage:\n${this.usage}` });
    const leafRows = positiveInt(this, 'leaf-rows', values['leaf-rows']);
    const shard = shardOf(this, values.shard);
    const { policy } = await policyIn(io.cwd, values.policy);
    let sample: { seed: string; rate: number } | null = null;
    if (values['sample-rate'] !== undefined) {
      const rate = Number(values['sample-rate']);
      if (!(rate > 0 && rate <= 1)) throw new CopilotError('USAGE', `${this.name}: --sample-rate must be in (0, 1]`, { hint: `usage:\n${this.usage}` });
      if (rate < policy.sampling.min_rate) {
        throw new CopilotError('USAGE', `${this.name}: --sample-rate ${rate} is below the policy's min_rate ${policy.sampling.min_rate}`);
      }
      if (values.seed === undefined && policy.sampling.seed_required) throw new CopilotError('USAGE', `${this.name}: the policy requires --seed with --sample-rate`);
      sample = { seed: values.seed ?? '', rate };
    }

    const redactor = new Redactor();
    const opened: ReadConnection[] = [];
    const out = values.out !== undefined ? resolve(io.cwd, values.out) : undefined;
    const lines = out !== undefined ? new LinesFile(differencesPath(out)) : undefined;
    const showProgress = io.interactive || values.progress === true;
    try {
      const source = await openConnection(sourceUri, io.env, redactor);
      opened.push(source);
      const target = await openConnection(targetUri, io.env, redactor);
      opened.push(target);
      const runner = new ReconciliationRunner(source, target, {
        tolerances: policy.tolerances, pii: policy.pii.rules, sample,
        ...(leafRows !== undefined ? { bisect: { leafRows } } : {}),
        ...(shard ? { shard } : {}),
        ...(lines ? { differences: () => ({ file: basename(lines.path), write: lines.write }) } : {}),
        ...(showProgress ? { onProgress: progressPrinter(io, io.interactive) } : {}),
      });
      const report = await runner.run([{
        source: table, ...(targetTable ? { target: targetTable } : {}), key,
        ...(values.columns !== undefined ? { columns: list(this, 'columns', values.columns) } : {}),
        ...(values.distinct !== undefined ? { distinct: list(this, 'distinct', values.distinct) } : {}),
      }]);
      if (showProgress && io.interactive) io.stderr.write(`\r${' '.repeat(150)}\r`);
      const json = `${JSON.stringify(report, null, 2)}\n`;
      if (lines && out) {
        await lines.commit();
        await writeAtomic(out, json);
      }
      io.stdout.write(format === 'md' ? renderReconMarkdown(report) : json);
      io.stderr.write(`${verdictLine(report)}${out ? `; report in ${out}, every differing row in ${differencesPath(out)}` : ''}\n`);
      return reportExitCode(report);
    } catch (e) {
      await lines?.abort();
      throw e;
    } finally {
      for (const c of opened) await c.close();
    }
  },
};

export default command;
