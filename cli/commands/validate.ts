// `migration-copilot validate`: runs every validator on a migration repository and prints each finding
// as `path:line: rule: message`, then a summary. Exit 0 when all pass, 1 when any says no, 2 on bad
// usage, 3 when a validator or the file system broke.
import { resolve } from 'node:path';
import { parseApprovalsRecord } from '../../core/approvals/index.js';
import { CopilotError } from '../../core/errors.js';
import { buildMigrationContext } from '../../core/repo/index.js';
import { runValidators, VALIDATORS, type ValidationRun } from '../../core/validators/index.js';
import { parseFlags, type Command } from '../command.js';
import { readInput } from '../read-input.js';
import { directoryRepoFiles } from '../repo-files.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function renderText(run: ValidationRun): string {
  const lines: string[] = [];
  for (const r of run.results) {
    for (const f of r.findings) lines.push(`${f.path}:${f.line}: ${f.rule}: ${f.severity === 'warning' ? 'warning: ' : ''}${f.message}`);
  }
  for (const s of run.skipped) lines.push(`skipped ${s.id}: ${s.reason}`);
  const count = (status: string) => run.results.filter((r) => r.status === status).length;
  const findings = run.results.flatMap((r) => r.findings);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const verdict = run.status === 'pass' ? 'PASS' : run.status === 'fail' ? 'FAIL' : 'ERROR';
  lines.push(`validate: ${verdict}: ${count('pass')} passed, ${count('fail')} failed, ${count('error')} errored, ` +
    `${run.skipped.length} skipped; ${plural(errors, 'error')}, ${plural(findings.length - errors, 'warning')}`);
  return `${lines.join('\n')}\n`;
}

const command: Command = {
  name: 'validate',
  summary: 'Run every validator on a migration repository and print each finding with its file and line.',
  usage: '  migration-copilot validate [--repo DIR] [--base DIR] [--format text|json] [--approvals FILE] [--only ID,...]\n' +
    '    --repo       the migration repository (default: the current directory)\n' +
    '    --base       a checkout of the default branch: roles, signers and policy are read from it\n' +
    '    --format     text (path:line: rule: message, then a summary) or json\n' +
    '    --approvals  an approvals record (approvals_record schema) to check the approvals against\n' +
    `    --only       run only these validators: ${VALIDATORS.map((v) => v.id).join(', ')}`,
  async run(args, io) {
    const { values } = parseFlags(this, args, {
      repo: { type: 'string' }, base: { type: 'string' }, format: { type: 'string' }, approvals: { type: 'string' }, only: { type: 'string' },
    });
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') {
      throw new CopilotError('USAGE', `validate: --format must be text or json, not "${format}"`, { hint: `usage:\n${this.usage}` });
    }
    const only = values.only?.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const unknown = only?.filter((id) => !VALIDATORS.some((v) => v.id === id)) ?? [];
    if (unknown.length > 0) {
      throw new CopilotError('USAGE', `validate: unknown validator ${unknown.map((u) => `"${u}"`).join(', ')}`, { hint: `usage:\n${this.usage}` });
    }
    const approvalsRecord = values.approvals === undefined ? undefined : {
      path: values.approvals,
      text: await readInput(io.cwd, values.approvals, { what: 'approvals record', hint: 'pass --approvals with the approvals record of the pull request (JSON)' }),
    };
    // A record that is not one is bad input (exit 2), not a finding: nothing could be judged with it.
    if (approvalsRecord) parseApprovalsRecord(approvalsRecord.text, approvalsRecord.path);
    const files = directoryRepoFiles(resolve(io.cwd, values.repo ?? '.'));
    const ctx = buildMigrationContext(files);
    const base = values.base === undefined ? undefined : buildMigrationContext(directoryRepoFiles(resolve(io.cwd, values.base)));
    const run = runValidators(ctx, { ...(only ? { only } : {}), ...(approvalsRecord ? { approvalsRecord } : {}), ...(base ? { base } : {}) });
    io.stdout.write(format === 'json' ? `${JSON.stringify(run, null, 2)}\n` : renderText(run));
    return run.status === 'pass' ? 0 : run.status === 'fail' ? 1 : 3;
  },
};

export default command;
