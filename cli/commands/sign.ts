// `migration-copilot sign`: a thin entry over core/signing signPlanForHead, the implementation `/plan sign`
// shares. It reads the pull request head (--repo, a clean git checkout at the record's head_sha) and the
// base branch (--base DIR, or the remote's default branch fetched in the same repository), signs with a PEM
// key, and writes plans/signed/v<N>.json and v<N>.sigstore.json, both or neither, never over a file and
// never outside the repository. The key's content never reaches any output: errors name the key file only.
import { resolve } from 'node:path';
import { CopilotError } from '../../core/errors.js';
import { sha256Hex } from '../../core/json/canonical.js';
import { parseApprovalsRecord } from '../../core/approvals/index.js';
import { buildMigrationContext, REPO_PATHS, type RepoFiles } from '../../core/repo/index.js';
import { createKeySigner, signPlanForHead } from '../../core/signing/index.js';
import { gitTreeRepoFiles } from '../../runner/gate/repo-files.js';
import { parseFlags, requireFlag, type Command } from '../command.js';
import { checkoutProblems, remoteDefaultBranch } from '../git-checkout.js';
import { notInRepo } from '../plan-inputs.js';
import { readInput } from '../read-input.js';
import { directoryRepoFiles } from '../repo-files.js';
import { writeSignedFiles } from '../write-signed.js';
import { parseAuditHead } from '../../core/audit/anchor.js';

/** The base branch's files: --base DIR, else origin/HEAD's tree; without either, sign refuses. */
async function baseFiles(repo: string, baseDir: string | undefined): Promise<{ files: RepoFiles; label: string }> {
  if (baseDir !== undefined) return { files: directoryRepoFiles(baseDir), label: baseDir };
  const ref = await remoteDefaultBranch(repo);
  if (!ref) {
    throw new CopilotError('USAGE', 'sign: --base is required: roles, the policy and signer trust come from the base branch, never from the head being signed', {
      hint: 'pass --base DIR with a checkout of the default branch (or sign in a clone whose origin/HEAD names it)',
    });
  }
  return { files: await gitTreeRepoFiles(repo, ref), label: ref };
}

const command: Command = {
  name: 'sign',
  summary: 'Sign the approved plan: write plans/signed/v<N>.json and its Sigstore bundle.',
  usage: '  migration-copilot sign --repo DIR --key PEM_FILE --approvals FILE [--base DIR] [--audit-head SEQ:HASH] [--dry-run]\n' +
    '    --repo        a clean git checkout of the migration repository at the pull request head\n' +
    '    --base        a checkout of the base (default) branch: roles, policy, signer trust, CODEOWNERS and the\n' +
    '                  state come from it (default: the tree of origin/HEAD in --repo)\n' +
    '    --key         an Ed25519 or P-256 private key (PEM); its public key must be in signers.keys on the base\n' +
    '    --approvals   the approvals record of the pull request (JSON)\n' +
    '    --audit-head  the audit chain\'s last entry (SEQ:HASH), recorded in the SignedPlan\n' +
    '    --dry-run     print what would be written and write nothing',
  async run(args, io) {
    const { values } = parseFlags(this, args, {
      repo: { type: 'string' }, base: { type: 'string' }, key: { type: 'string' }, approvals: { type: 'string' },
      'audit-head': { type: 'string' }, 'dry-run': { type: 'boolean' },
    });
    const repo = resolve(io.cwd, requireFlag(this, values.repo, 'repo'));
    const keyFile = requireFlag(this, values.key, 'key');
    const approvalsFile = requireFlag(this, values.approvals, 'approvals');
    const auditHead = values['audit-head'] === undefined ? undefined : parseAuditHead(values['audit-head'], '--audit-head');
    const out = (s: string) => io.stdout.write(`${s}\n`);

    const keyPem = await readInput(io.cwd, keyFile, { what: 'key file', hint: 'pass --key with an Ed25519 or P-256 private key (PEM)' });
    const signer = createKeySigner(keyPem, `key file ${keyFile}`);
    const recordText = await readInput(io.cwd, approvalsFile, { what: 'approvals record', hint: 'pass --approvals with the approvals record of the pull request (JSON)' });
    const record = parseApprovalsRecord(recordText, approvalsFile);
    const headFiles = directoryRepoFiles(repo);
    const head = buildMigrationContext(headFiles);
    if (!head.plan) throw notInRepo(repo, REPO_PATHS.plan);
    const base = buildMigrationContext((await baseFiles(repo, values.base === undefined ? undefined : resolve(io.cwd, values.base))).files);
    const checkout = await checkoutProblems(repo, record.head_sha);

    const result = await signPlanForHead({
      head, base, approvalsRecord: { path: approvalsFile, text: recordText }, signer, now: new Date(), auditHead,
    });
    for (const w of result.warnings) io.stderr.write(`warning: ${w}\n`);
    const reasons = [...checkout, ...(result.ok ? [] : result.reasons)];
    if (reasons.length > 0) {
      const code = !result.ok && !(result.code === 'INTERNAL' && checkout.length > 0) ? result.code : 'VALIDATION_FAILED';
      throw new CopilotError(code, `the plan cannot be signed:\n  ${reasons.join('\n  ')}`);
    }
    if (!result.ok) throw new CopilotError('INTERNAL', 'the plan cannot be signed');
    const { signedPlan, version } = result;
    const signerName = result.signer.kind === 'key' ? result.signer.id : result.signer.identity;
    const lines = result.files.map((f) => `${f.path} (sha256 ${sha256Hex(f.text)})`);
    if (values['dry-run']) {
      out(`dry run: would sign plan ${signedPlan.plan_id} v${version} (plan sha256 ${signedPlan.plan_sha256}) with key ${signerName}`);
      for (const l of lines) out(`would write ${l}`);
      return 0;
    }
    await writeSignedFiles(repo, result.files);
    out(`signed plan ${signedPlan.plan_id} v${version} (plan sha256 ${signedPlan.plan_sha256}) with key ${signerName}`);
    for (const l of lines) out(`wrote ${l}`);
    return 0;
  },
};

export default command;
