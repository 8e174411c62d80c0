// `migration-copilot recon`: reconciles one table ad hoc, read-only. Exit 0 when nothing differs
// beyond tolerance, 1 when something does, 2 for bad usage, 3 when a system fails.
import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { TableName } from '../../core/dialects/index.js';
import { CopilotError } from '../../core/errors.js';
import { DEFAULT_POLICY, parsePolicy, type ReadonlyPolicy } from '../../core/policy/index.js';
import { REPO_PATHS } from '../../core/repo/paths.js';
import { renderReconMarkdown } from '../../core/recon/markdown.js';
import { reportExitCode } from '../../core/recon/report.js';
import type { ReadConnection } from '../../runner/connectors/connection.js';
import { openConnection, URI_FORMS } from '../../runner/connectors/open.js';
import { Redactor } from '../../runner/secrets/redact.js';
import { ReconciliationRunner } from '../../runner/recon/runner.js';
import { parseFlags, requireFlag, type Command } from '../command.js';
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

const command: Command = {
  name: 'recon',
  summary: 'Reconcile a target table against its source (read-only): counts, missing/extra/different keys, aggregates.',
  usage: '  migration-copilot recon --source URI --target URI --table SCHEMA.TABLE [--target-table SCHEMA.TABLE]\n' +
    '                         --key COL[,COL] [--columns C1,C2] [--out FILE] [--format json|md]\n' +
    '                         [--policy FILE] [--sample-rate R --seed S] [--distinct C1,C2] [--leaf-rows N]\n' +
    `    URIs: ${URI_FORMS}\n` +
    '    --out          write recon_report.json to FILE (stdout still gets --format)\n' +
    '    --policy       tolerances and PII rules (default .migration/policy.json, else policies/policy.json)\n' +
    '    --sample-rate  also compare a deterministic sample (hash of key and --seed), 0 < R <= 1\n' +
    '    --leaf-rows    rows at which a differing segment is diffed key by key (default 1000)',
  async run(args, io) {
    const { values } = parseFlags(this, args, {
      source: { type: 'string' }, target: { type: 'string' }, table: { type: 'string' }, 'target-table': { type: 'string' },
      key: { type: 'string' }, columns: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' },
      policy: { type: 'string' }, 'sample-rate': { type: 'string' }, seed: { type: 'string' }, distinct: { type: 'string' },
      'leaf-rows': { type: 'string' },
    });
    const sourceUri = requireFlag(this, values.source, 'source');
    const targetUri = requireFlag(this, values.target, 'target');
    const table = tableName(this, 'table', requireFlag(this, values.table, 'table'));
    const targetTable = values['target-table'] !== undefined ? tableName(this, 'target-table', values['target-table']) : undefined;
    const key = list(this, 'key', requireFlag(this, values.key, 'key'))!;
    const format = values.format ?? 'json';
    if (format !== 'json' && format !== 'md') throw new CopilotError('USAGE', `${this.name}: --format must be json or md`, { hint: `usage:\n${this.usage}` });
    const leafRows = positiveInt(this, 'leaf-rows', values['leaf-rows']);
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
    try {
      const source = await openConnection(sourceUri, io.env, redactor);
      opened.push(source);
      const target = await openConnection(targetUri, io.env, redactor);
      opened.push(target);
      const runner = new ReconciliationRunner(source, target, {
        tolerances: policy.tolerances, pii: policy.pii.rules, sample,
        ...(leafRows !== undefined ? { bisect: { leafRows } } : {}),
      });
      const report = await runner.run([{
        source: table, ...(targetTable ? { target: targetTable } : {}), key,
        ...(values.columns !== undefined ? { columns: list(this, 'columns', values.columns) } : {}),
        ...(values.distinct !== undefined ? { distinct: list(this, 'distinct', values.distinct) } : {}),
      }]);
      const json = `${JSON.stringify(report, null, 2)}\n`;
      if (values.out !== undefined) await writeAtomic(resolve(io.cwd, values.out), json);
      io.stdout.write(format === 'md' ? renderReconMarkdown(report) : json);
      const s = report.summary;
      io.stderr.write(`recon ${s.status}: ${s.matched} match, ${s.within_tolerance} within tolerance, ${s.mismatched} mismatched\n`);
      return reportExitCode(report);
    } finally {
      for (const c of opened) await c.close();
    }
  },
};

export default command;
