// `migration-copilot demo`: the project's main job on embedded defaults. It takes the example migration
// repository the project ships (examples/demo-migration), makes it a real git repository, and walks it
// through what a plan pull request goes through: validators, reviews by the roles, signing, the runner's
// plan gate, a tampered copy refused, and the audit chain of it all. Nothing outside the work folder
// is written; the folder is kept so the files can be read afterwards.
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleGit } from 'simple-git';
import { parseDocument } from 'yaml';
import { appendToAuditJsonl } from '../../core/audit/index.js';
import type { AuditInput } from '../../core/audit/entry.js';
import { CopilotError } from '../../core/errors.js';
import { sha256Hex } from '../../core/json/canonical.js';
import { parseFlags, type Command, type CommandIO } from '../command.js';
import { COMMANDS } from '../registry.js';

const EXAMPLE = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples/demo-migration');
const AUTHOR = { login: 'carol', email: 'carol@users.noreply.example' };
/** The simulated reviewers: one per role that signing needs (PLAN_DRAFTED->PLANNED, PLANNED->EXECUTED). */
const REVIEWERS = [
  { user: 'alice', role: 'tech_lead' },
  { user: 'dora', role: 'data_owner' },
  { user: 'sam', role: 'security' },
] as const;

interface Step { readonly title: string; readonly argv?: string[]; readonly expect?: number }

/** Runs a CLI command in-process, indenting what it prints under the step's title. */
async function runCommand(argv: string[], io: CommandIO): Promise<{ code: number; out: string }> {
  const { main } = await import('../main.js');
  let out = '';
  const sink = (target: NodeJS.WritableStream) => ({
    write(chunk: string | Uint8Array) {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      out += text;
      target.write(text.replace(/^(?=.)/gm, '      '));
      return true;
    },
  }) as unknown as NodeJS.WritableStream;
  const code = await main(argv, { ...io, stdout: sink(io.stdout), stderr: sink(io.stdout) });
  return { code, out };
}

async function makeRepository(repo: string): Promise<{ head: string; files: string[] }> {
  await cp(EXAMPLE, repo, { recursive: true });
  const git = simpleGit({ baseDir: repo });
  await git.init(['--initial-branch=main']);
  await git.addConfig('user.name', AUTHOR.login).addConfig('user.email', AUTHOR.email).addConfig('commit.gpgsign', 'false');
  await git.add('.');
  await git.commit('Plan v1: copy customers and orders, reconcile by segment checksums');
  const head = (await git.revparse(['HEAD'])).trim();
  const files = (await git.raw(['ls-tree', '-r', '--name-only', 'HEAD'])).split('\n').filter(Boolean);
  return { head, files };
}

/** A fresh Ed25519 plan-signing key; its public half goes into signers.keys of the repo's config. */
async function makeSigningKey(work: string, repo: string): Promise<string> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyFile = join(work, 'keys', 'plan-signing.pem');
  await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
  await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const configFile = join(repo, '.migration/config.yml');
  const doc = parseDocument(await readFile(configFile, 'utf8'));
  doc.setIn(['signers', 'keys'], [{
    id: 'demo-plan-key', algorithm: 'ed25519', public_key: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }]);
  await writeFile(configFile, doc.toString());
  return keyFile;
}

async function writeApprovalsRecord(work: string, repo: string, head: string, files: string[]): Promise<string> {
  const planBytes = await readFile(join(repo, 'plans/migration_plan.json'));
  const start = Date.parse('2026-01-05T09:00:00Z');
  const record = {
    repository: 'acme/demo-orders-migration',
    pull_number: 1,
    base_ref: 'main',
    head_sha: head,
    author: AUTHOR.login,
    changed_files: files,
    plan_sha256: sha256Hex(planBytes),
    reviews: REVIEWERS.map((r, i) => ({
      id: i + 1, user: r.user, state: 'APPROVED', commit_id: head, submitted_at: new Date(start + i * 600_000).toISOString(),
    })),
    teams: { 'acme/data-leads': ['alice'] },
    codeowners: await readFile(join(repo, 'CODEOWNERS'), 'utf8'),
  };
  const file = join(work, 'approvals.json');
  await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

const command: Command = {
  name: 'demo',
  summary: 'Validate, sign and verify the example migration repository on embedded defaults; show a tampered plan refused.',
  usage: '  migration-copilot demo [--dir DIR]\n' +
    '    --dir  an empty or new folder to work in (default: a new folder under the system temp folder)',
  async run(args, io) {
    const { values } = parseFlags(this, args, { dir: { type: 'string' } });
    const work = values.dir ? resolve(io.cwd, values.dir) : await mkdtemp(join(tmpdir(), 'migration-copilot-demo-'));
    await mkdir(work, { recursive: true });
    const repo = join(work, 'demo-orders-migration');
    const tampered = join(work, 'tampered');
    const auditFile = join(work, 'audit.jsonl');
    const out = (s = '') => io.stdout.write(`${s}\n`);
    let audit = '';
    const record = async (input: Omit<AuditInput, 'project_id'>) => {
      audit = appendToAuditJsonl(audit, auditFile, { project_id: 'demo-orders', ...input }, new Date().toISOString()).text;
      await writeFile(auditFile, audit);
    };

    out('migration-copilot demo: the plan pull request of examples/demo-migration (DuckDB -> DuckDB)');
    out(`work folder: ${work}`);
    out();
    out('[1/8] the migration repository: a git repository made from examples/demo-migration');
    const { head, files } = await makeRepository(repo).catch((e: unknown) => {
      throw new CopilotError('IO_FAILED', `cannot make the demo repository in ${repo}: ${(e as Error).message}`, { cause: e });
    });
    out(`      head ${head.slice(0, 12)} by ${AUTHOR.login}, ${files.length} files`);
    const keyFile = await makeSigningKey(work, repo);
    out(`      a fresh Ed25519 plan-signing key: ${keyFile} (mode 600); its public key added to signers.keys`);
    await record({ actor: AUTHOR.login, action: 'plan.proposed', subject: 'plans/migration_plan.json', reasoning: 'plan PR opened', refs: { commit: head } });

    const approvals = await writeApprovalsRecord(work, repo, head, files);
    const steps: Step[] = [
      { title: '[2/8] validators (what the check runs show on the pull request)', argv: ['validate', '--repo', repo], expect: 0 },
      { title: `[3/8] reviews: ${REVIEWERS.map((r) => `${r.user} (${r.role})`).join(', ')} approve head ${head.slice(0, 7)}; recorded in ${approvals}` },
      { title: '[4/8] sign, dry run first: nothing is written', argv: ['sign', '--repo', repo, '--key', keyFile, '--approvals', approvals, '--dry-run'], expect: 0 },
      { title: '[5/8] sign: plans/signed/v1.json and its Sigstore bundle', argv: ['sign', '--repo', repo, '--key', keyFile, '--approvals', approvals], expect: 0 },
      { title: '[6/8] verify: the checks the runner makes before it touches data', argv: ['verify', '--repo', repo], expect: 0 },
    ];
    for (const step of steps) {
      out();
      out(step.title);
      if (!step.argv) {
        for (const r of REVIEWERS) await record({ actor: r.user, action: 'review.approved', subject: 'pull/1', reasoning: `approved as ${r.role}`, refs: { commit: head } });
        continue;
      }
      if (!COMMANDS[step.argv[0]!]) {
        out(`      (the ${step.argv[0]} command is not part of this build; step skipped)`);
        continue;
      }
      const { code } = await runCommand(step.argv, io);
      if (code !== step.expect) {
        throw new CopilotError('INTERNAL', `demo step "${step.argv.join(' ')}" exited ${code}, expected ${step.expect}; see the output above`);
      }
      await record({ actor: step.argv[0] === 'sign' ? 'migration-copilot[bot]' : 'runner', action: `plan.${step.argv.includes('--dry-run') ? 'sign_dry_run' : step.argv[0]}`,
        subject: 'plans/migration_plan.json', reasoning: `${step.argv[0]} exited ${code}`, refs: { commit: head } });
    }

    out();
    out('[7/8] a tampered copy: one byte of plans/migration_plan.json changed after signing');
    await cp(repo, tampered, { recursive: true });
    const planFile = join(tampered, 'plans/migration_plan.json');
    const plan = await readFile(planFile, 'utf8');
    await writeFile(planFile, plan.replace('"batch_rows": 50000', '"batch_rows": 50001'));
    const refused = await runCommand(['verify', '--repo', tampered], io);
    if (refused.code !== 1) throw new CopilotError('INTERNAL', `the tampered plan was not refused (exit ${refused.code})`);
    out('      refused, as it must be (exit 1)');
    await record({ actor: 'runner', action: 'plan.refused', subject: 'tampered/plans/migration_plan.json', reasoning: 'plan_sha256 does not match the signed plan', refs: { commit: head } });

    out();
    out('[8/8] the audit chain of the above');
    const audited = await runCommand(['audit', 'verify', auditFile], io);
    if (audited.code !== 0) throw new CopilotError('INTERNAL', `audit verify exited ${audited.code}`);

    out();
    out('done. Look around:');
    out(`  ${repo}/plans/signed/v1.json            the SignedPlan (readable copy)`);
    out(`  ${repo}/plans/signed/v1.sigstore.json   its Sigstore bundle (DSSE envelope)`);
    out(`  ${auditFile}                            the hash-chained audit log`);
    out('Try: edit any file under the repository and run');
    out(`  migration-copilot verify --repo ${repo}`);
    return 0;
  },
};

export default command;
