// `migration-copilot sign`: checks the plan at the pull request's head (every validator, then the
// approvals record against the roles of .migration/config.yml and the policy in force), builds the SignedPlan,
// signs it with a PEM key and writes plans/signed/v<N>.json and v<N>.sigstore.json, both or neither.
// The key's content never reaches any output: errors name the key file only.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CheckRepoActions, simpleGit } from 'simple-git';
import { evaluateApprovalsUpTo, approvalsInputFromRecord, parseApprovalsRecord } from '../../core/approvals/index.js';
import { CopilotError } from '../../core/errors.js';
import { sha256Hex } from '../../core/json/canonical.js';
import {
  buildSignedPlan, createKeySigner, createSignedPlanBundle, signedPlanReadableCopy, trustPolicyFromConfig,
  verifySignedPlanBundle, type RoleMembers, type ValidatorOutcome,
} from '../../core/signing/index.js';
import { buildMigrationContext, REPO_PATHS, signedPlanPaths, type MigrationContext } from '../../core/repo/index.js';
import { runValidators, VALIDATORS } from '../../core/validators/index.js';
import { parseFlags, requireFlag, type Command } from '../command.js';
import { readInput } from '../read-input.js';
import { planInputs } from '../plan-inputs.js';
import { directoryRepoFiles } from '../repo-files.js';

/**
 * Every validator on the repository as checked out, except signed-plan (it judges an existing signature)
 * and approvals (signing evaluates the approvals of every transition up to PLANNED->EXECUTED itself, with
 * the same rules, and reports them apart). A validator that could not judge (its input absent) is no pass.
 */
function runRepoValidators(ctx: MigrationContext, record: { path: string; text: string }): { outcomes: ValidatorOutcome[]; reasons: string[]; errored: number } {
  const only = VALIDATORS.map((v) => v.id).filter((id) => id !== 'signed-plan' && id !== 'approvals');
  const run = runValidators(ctx, { only, approvalsRecord: record });
  const reasons: string[] = [];
  for (const r of run.results.filter((x) => x.status !== 'pass')) {
    const errors = r.findings.filter((f) => f.severity === 'error');
    reasons.push(`validator ${r.id}@${r.version} ${r.status === 'fail' ? 'failed' : 'errored'}: ${errors.map((f) => `${f.path}:${f.line} ${f.message}`).join('; ') || 'no finding given'}`);
  }
  for (const sk of run.skipped) reasons.push(`validator ${sk.id}@${sk.version} could not judge: ${sk.reason}`);
  const errored = run.results.filter((x) => x.status === 'error').length;
  return { outcomes: run.results.map(({ id, version, status }) => ({ id, version, status })), reasons, errored };
}

/** Writes both files or neither: temp files first, then two renames, undoing the first if the second fails. */
async function writeBoth(dir: string, files: readonly { name: string; text: string }[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const tag = randomBytes(6).toString('hex');
  const staged = files.map((f) => ({ ...f, tmp: join(dir, `.${f.name}.${tag}.tmp`), final: join(dir, f.name) }));
  const renamed: string[] = [];
  try {
    for (const f of staged) await writeFile(f.tmp, f.text, { flag: 'wx' });
    for (const f of staged) {
      await rename(f.tmp, f.final);
      renamed.push(f.final);
    }
  } catch (e) {
    await Promise.all([...staged.map((f) => rm(f.tmp, { force: true })), ...renamed.map((p) => rm(p, { force: true }))]);
    throw new CopilotError('IO_FAILED', `cannot write the signed plan into ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { cause: e });
  }
}

/**
 * When --repo is the root of a git work tree, its HEAD must be the head the approvals were given on:
 * the validators read this checkout, so it has to be what the reviewers saw.
 */
async function headMismatch(repo: string, headSha: string): Promise<string | undefined> {
  const git = simpleGit({ baseDir: repo });
  if (!(await git.checkIsRepo(CheckRepoActions.IS_REPO_ROOT).catch(() => false))) return undefined;
  const head = (await git.revparse(['HEAD']).catch(() => '')).trim();
  return head === headSha ? undefined
    : `the checkout is at ${head || 'no commit'} but the approvals record is for head ${headSha}: check out the pull request head`;
}

const command: Command = {
  name: 'sign',
  summary: 'Sign the approved plan: write plans/signed/v<N>.json and its Sigstore bundle.',
  usage: '  migration-copilot sign --repo DIR --key PEM_FILE --approvals FILE [--dry-run]\n' +
    '    --repo       the migration repository checked out at the pull request head\n' +
    '    --key        an Ed25519 or P-256 private key (PEM); its public key must be in signers.keys\n' +
    '    --approvals  the approvals record of the pull request (JSON)\n' +
    '    --dry-run    print what would be written and write nothing',
  async run(args, io) {
    const { values } = parseFlags(this, args, {
      repo: { type: 'string' }, key: { type: 'string' }, approvals: { type: 'string' }, 'dry-run': { type: 'boolean' },
    });
    const repo = resolve(io.cwd, requireFlag(this, values.repo, 'repo'));
    const keyFile = requireFlag(this, values.key, 'key');
    const approvalsFile = requireFlag(this, values.approvals, 'approvals');
    const out = (s: string) => io.stdout.write(`${s}\n`);

    const keyPem = await readInput(io.cwd, keyFile, { what: 'key file', hint: 'pass --key with an Ed25519 or P-256 private key (PEM)' });
    const signer = createKeySigner(keyPem, `key file ${keyFile}`);
    const files = directoryRepoFiles(repo);
    const ctx = buildMigrationContext(files);
    const inputs = planInputs(repo, files, ctx);
    const trust = trustPolicyFromConfig(inputs.config);
    if (!trust.keys.some((k) => k.keyId === signer.keyId)) {
      throw new CopilotError('PLAN_SIGNATURE_INVALID', `the key in ${keyFile} (key id ${signer.keyId}) is not in signers.keys of .migration/config.yml; the runner would refuse this plan`, {
        hint: 'sign with a trusted key, or add its public key to signers.keys on the default branch first',
      });
    }
    const recordText = await readInput(io.cwd, approvalsFile, { what: 'approvals record', hint: 'pass --approvals with the approvals record of the pull request (JSON)' });
    const record = parseApprovalsRecord(recordText, approvalsFile);
    const planSha256 = sha256Hex(inputs.planBytes);
    const reasons: string[] = [];
    if (record.plan_sha256 !== planSha256) {
      reasons.push(`the approvals record is for plan sha256 ${record.plan_sha256}, but plans/migration_plan.json is ${planSha256}: check out the pull request head`);
    }
    const wrongHead = await headMismatch(repo, record.head_sha);
    if (wrongHead) reasons.push(wrongHead);
    // N is the next free version, and the plan must say so: its `version` names plans/signed/v<N>.json
    // and the tag plan/v<N>, so a plan already signed needs a new version before it is signed again.
    const version = (ctx.signedVersions.at(-1) ?? 0) + 1;
    if (inputs.plan.version !== version) {
      reasons.push(`plans/migration_plan.json has version ${inputs.plan.version}, but the next signed version is v${version}: set "version": ${version}`);
    }
    const checked = runRepoValidators(ctx, { path: approvalsFile, text: recordText });
    const validators = checked.outcomes;
    reasons.push(...checked.reasons);
    // A role the config lists is never undefined; the generated type only says keys may be absent.
    const roles = inputs.config.roles as Readonly<Record<string, RoleMembers>>;
    const evaluated = evaluateApprovalsUpTo('PLAN_DRAFTED', 'EXECUTED', approvalsInputFromRecord(record, { roles, policy: inputs.policy }));
    reasons.push(...evaluated.reasons);
    for (const w of evaluated.warnings) io.stderr.write(`warning: ${w}\n`);
    if (reasons.length > 0) {
      // A validator that broke is the system's failure (exit 3), unless the answer is no regardless.
      const refused = reasons.length > checked.errored;
      const code = !refused ? 'INTERNAL' : checked.reasons.length > 0 || inputs.plan.version !== version ? 'VALIDATION_FAILED' : 'APPROVALS_MISSING';
      throw new CopilotError(code, `the plan cannot be signed:\n  ${reasons.join('\n  ')}`);
    }

    const signedPlan = buildSignedPlan({
      plan: inputs.plan, planBytes: inputs.planBytes, policy: inputs.policy, approvals: evaluated.approvals,
      validators, createdAt: new Date(), version, roles,
    });
    const bundle = await createSignedPlanBundle(signedPlan, { signer });
    verifySignedPlanBundle(bundle, trust);
    const paths = signedPlanPaths(version);
    const written = [
      { path: paths.bundle, text: `${JSON.stringify(bundle, null, 2)}\n` },
      { path: paths.readable, text: signedPlanReadableCopy(signedPlan) },
    ];
    const lines = written.map((f) => `${f.path} (sha256 ${sha256Hex(f.text)})`);
    if (values['dry-run']) {
      out(`dry run: would sign plan ${signedPlan.plan_id} v${version} (plan sha256 ${planSha256}) with key ${trust.keys.find((k) => k.keyId === signer.keyId)!.id}`);
      for (const l of lines) out(`would write ${l}`);
      return 0;
    }
    await writeBoth(join(repo, REPO_PATHS.signedDir), written.map((f) => ({ name: f.path.slice(REPO_PATHS.signedDir.length), text: f.text })));
    out(`signed plan ${signedPlan.plan_id} v${version} (plan sha256 ${planSha256}) with key ${trust.keys.find((k) => k.keyId === signer.keyId)!.id}`);
    for (const l of lines) out(`wrote ${l}`);
    return 0;
  },
};

export default command;
