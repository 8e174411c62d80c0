// `migration-copilot verify`: runs every check of the plan gate that the files can answer on a signed
// plan of the repository and prints each. Exit 0 only when all pass; 1 naming what failed; 2 when a file
// is missing or malformed. With --evidence DIR it verifies an evidence pack instead, offline (core/evidence):
// every digest, the attestation, the SignedPlan and the audit chain, naming the first thing that does not
// match; the trusted signers come from the default branch of --repo (default: the repository holding DIR).
import { basename, dirname, resolve } from 'node:path';
import { CopilotError } from '../../core/errors.js';
import { buildMigrationContext, inputsManifest, signedPlanPaths } from '../../core/repo/index.js';
import { parseJson } from '../../core/schema/index.js';
import { checkPlanFromFiles, parseTrustedRoot } from '../../core/signing/index.js';
import { MANIFEST_FILE, verifyEvidencePack } from '../../core/evidence/index.js';
import { defaultBranchFiles, readPackDir, trustOf } from '../../runner/evidence/local.js';
import { parseFlags, requireFlag, type Command, type CommandIO } from '../command.js';
import { readInput } from '../read-input.js';
import { notInRepo, planInputs } from '../plan-inputs.js';
import { directoryRepoFiles } from '../repo-files.js';

/** The repository an evidence/v<N> folder sits in, or undefined when the folder is not laid out that way. */
function repoOfPack(dir: string): string | undefined {
  return /^v[1-9][0-9]*$/.test(basename(dir)) && basename(dirname(dir)) === 'evidence' ? dirname(dirname(dir)) : undefined;
}

async function verifyEvidence(command: Command, dirArg: string, repoArg: string | undefined, trustedRoot: unknown, io: CommandIO): Promise<number> {
  const dir = resolve(io.cwd, dirArg);
  const repo = repoArg === undefined ? repoOfPack(dir) : resolve(io.cwd, repoArg);
  if (repo === undefined) {
    throw new CopilotError('USAGE', `verify: ${dirArg} is not an evidence/v<N> folder of a repository: pass --repo DIR, whose default branch names the trusted signers`, { hint: `usage:\n${command.usage}` });
  }
  const files = await readPackDir(dir);
  if (!files.has(MANIFEST_FILE)) {
    throw new CopilotError('FILE_NOT_FOUND', `${dirArg} holds no ${MANIFEST_FILE}: it is not an evidence pack`, { hint: 'pass --evidence with an evidence/v<N> folder composed by migration-copilot evidence or /evidence compose' });
  }
  const base = await defaultBranchFiles(repo, directoryRepoFiles(repo));
  const verdict = verifyEvidencePack(files, trustOf(base.files, base.label, trustedRoot));
  const out = (s: string) => io.stdout.write(`${s}\n`);
  out(`evidence pack ${dirArg} (trusted signers from ${base.label}):`);
  for (const c of verdict.checks) out(`  ok   ${c.id}: ${c.detail}`);
  if (verdict.ok) {
    out('verified: every file, the attestation, the signed plan and the audit chain match');
    return 0;
  }
  out(`  FAIL ${verdict.failed}: ${verdict.message}`);
  io.stderr.write(`error[EVIDENCE_MISMATCH]: ${verdict.message}\nThe pack is not the one that was composed and signed: do not rely on it; compose it again from the repository and the audit branch.\n`);
  return 1;
}

function mustBeJson(text: string, file: string): void {
  const parsed = parseJson(text, file);
  const f = parsed.findings[0];
  if (f) throw new CopilotError('INPUT_INVALID', `${f.path}:${f.line}: ${f.message}`);
}

async function readTrustedRoot(cwd: string, rootFile: string | undefined): Promise<unknown> {
  if (rootFile === undefined) return undefined;
  const text = await readInput(cwd, rootFile, { what: 'trusted root', hint: 'pass --trusted-root with a Sigstore trusted root (JSON)' });
  mustBeJson(text, rootFile);
  const trustedRoot: unknown = JSON.parse(text);
  try {
    parseTrustedRoot(trustedRoot);
  } catch (e) {
    throw new CopilotError('INPUT_INVALID', `${rootFile} is not a Sigstore trusted root: ${(e as Error).message.replace(/^the Sigstore trusted root is malformed: /, '')}`, {
      hint: 'pass the trusted_root.json of the Sigstore instance that issued the signing certificate',
    });
  }
  return trustedRoot;
}

const command: Command = {
  name: 'verify',
  summary: 'Check a signed plan as the runner would (signature, readable copy, policy, plan digest, approvals), or an evidence pack (--evidence).',
  usage: '  migration-copilot verify --repo DIR [--version N] [--trusted-root FILE]\n' +
    '  migration-copilot verify --evidence DIR [--repo DIR] [--trusted-root FILE]\n' +
    '    --evidence      an evidence pack folder (evidence/v<N>): checks every digest, its attestation, the signed plan\n' +
    '                    and the audit chain, offline; --repo then defaults to the repository holding the folder\n' +
    '    --repo          the migration repository\n' +
    '    --version       N of plans/signed/v<N>.json (default: the latest)\n' +
    '    --trusted-root  a Sigstore trusted root (JSON), to check keyless signatures (Fulcio, Rekor)',
  async run(args, io) {
    const { values } = parseFlags(this, args, {
      repo: { type: 'string' }, version: { type: 'string' }, 'trusted-root': { type: 'string' }, evidence: { type: 'string' },
    });
    if (values.evidence !== undefined && values.version !== undefined) {
      throw new CopilotError('USAGE', 'verify: --version is for a signed plan; an evidence pack names its own version', { hint: `usage:\n${this.usage}` });
    }
    const trustedRoot = await readTrustedRoot(io.cwd, values['trusted-root']);
    if (values.evidence !== undefined) return verifyEvidence(this, values.evidence, values.repo, trustedRoot, io);
    const repo = resolve(io.cwd, requireFlag(this, values.repo, 'repo'));
    let version: number | undefined;
    if (values.version !== undefined) {
      if (!/^[1-9][0-9]{0,8}$/.test(values.version)) {
        throw new CopilotError('USAGE', `verify: --version must be a positive integer, not "${values.version}"`, { hint: `usage:\n${this.usage}` });
      }
      version = Number(values.version);
    }
    const files = directoryRepoFiles(repo);
    const ctx = buildMigrationContext(files);
    const n = version ?? ctx.signedVersions.at(-1);
    if (n === undefined) {
      throw new CopilotError('FILE_NOT_FOUND', `no signed plan in ${repo}/plans/signed`, { hint: 'sign the plan first: migration-copilot sign' });
    }
    const paths = signedPlanPaths(n);
    const signed = ctx.signedPlans.find((s) => s.version === n);
    if (!signed && !ctx.signedVersions.includes(n)) {
      const have = ctx.signedPlans.map((s) => `v${s.version}`);
      throw new CopilotError('FILE_NOT_FOUND', `${paths.readable} not found in ${repo}: ${have.length === 0 ? 'no plan is signed there yet' : `the signed versions there are ${have.join(', ')}`}`, {
        hint: have.length === 0 ? 'sign the plan first: migration-copilot sign' : `pass --version ${ctx.signedPlans.at(-1)!.version} (the latest), or leave --version out`,
      });
    }
    if (!signed) throw notInRepo(repo, paths.readable);
    if (signed.bundleText === undefined) throw notInRepo(repo, paths.bundle);
    mustBeJson(signed.text, paths.readable);
    mustBeJson(signed.bundleText, paths.bundle);
    const inputs = planInputs(repo, files, ctx);
    const result = checkPlanFromFiles({
      signedPlanJson: signed.text, bundleJson: signed.bundleText, planBytes: inputs.planBytes,
      policy: inputs.policy, config: inputs.config, expectedVersion: n, trustedRoot, inputs: inputsManifest(ctx).inputs,
    });
    const out = (s: string) => io.stdout.write(`${s}\n`);
    out(`plan gate for ${paths.readable} (policy from ${inputs.policyFile}):`);
    for (const c of result.checks) out(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.id}: ${c.detail}`);
    if (result.ok) {
      out(`verified: v${n} may run`);
      return 0;
    }
    const failed = result.checks.filter((c) => !c.ok && !c.detail.startsWith('not checked'));
    io.stderr.write(`error[PLAN_REFUSED]: v${n} refused: ${failed.map((c) => c.id).join(', ')} (each FAIL above says why); the runner would not execute it\n`);
    if (failed.some((c) => c.id === 'plan-sha256' || c.id === 'approvals')) {
      io.stderr.write('The plan is not the one that was reviewed and signed: restore it, or propose the change in a pull request that gets fresh approvals and a new signature.\n');
    }
    return 1;
  },
};

export default command;
