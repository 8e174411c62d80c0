// /evidence compose: the evidence pack of the latest signed plan on the base branch, composed by the one
// composer the CLI's `evidence` shares (core/evidence): the base branch's files, the audit chain of branch
// migration-audit, the trusted signers of the base branch's .migration/config.yml, the plan-signing key
// (MIGRATION_COPILOT_PLAN_KEY) for the attestation and the artifact store (MIGRATION_COPILOT_ARTIFACT_STORE).
// The pack is committed as evidence/v<N>/ on branch migration/evidence-v<N> together with project.json moved
// CUTOVER_DONE -> EVIDENCE_COMPLETE, and proposed as a pull request whose merge completes the lifecycle. The
// branch and the pull request are keyed by name (app/proposals/pull.ts): asking again updates them, never
// opens a second; evidence that has not changed writes nothing.
import { parseAuditJsonl, type AuditEntry } from '../../core/audit/index.js';
import { CopilotError } from '../../core/errors.js';
import { composeEvidencePack, EVIDENCE_PREDICATE_TYPE, type ComposedEvidence } from '../../core/evidence/index.js';
import { REPO_PATHS } from '../../core/repo/index.js';
import { createKeySigner, trustPolicyFromConfig } from '../../core/signing/index.js';
import { withState } from '../../core/state/index.js';
import { openArtifactStore } from '../../runner/artifacts/open.js';
import { AUDIT_BRANCH, AUDIT_FILE } from '../audit/branch.js';
import type { BaseRules } from '../commands/command.js';
import type { RepoJob } from '../job.js';
import { signingKey } from '../plan/sign.js';
import { openProposal, type ProposalResult } from '../proposals/pull.js';

export interface EvidenceOutcome {
  readonly pack: ComposedEvidence;
  readonly proposal: ProposalResult;
  /** The state the pull request moves the project to (undefined: it leaves it). */
  readonly moves: string | undefined;
}

export function evidenceBranch(version: number): string {
  return `migration/evidence-v${version}`;
}

async function auditChain(job: RepoJob): Promise<readonly AuditEntry[]> {
  const where = { owner: job.owner, repo: job.repo };
  let text = '';
  try {
    const head = (await job.octokit.rest.git.getRef({ ...where, ref: `heads/${AUDIT_BRANCH}` })).data.object.sha;
    const tree = (await job.octokit.rest.git.getTree({ ...where, tree_sha: head })).data.tree;
    const sha = tree.find((t) => t.path === AUDIT_FILE)?.sha;
    if (sha) text = Buffer.from((await job.octokit.rest.git.getBlob({ ...where, file_sha: sha })).data.content, 'base64').toString('utf8');
  } catch (e) {
    if ((e as { status?: unknown }).status !== 404) throw e;
  }
  const parsed = parseAuditJsonl(text, `${AUDIT_BRANCH}:${AUDIT_FILE}`);
  const f = parsed.findings[0];
  if (f) throw new CopilotError('AUDIT_CHAIN_BROKEN', `${f.path}:${f.line}: ${f.message}; no evidence pack is composed over it`);
  return parsed.entries;
}

function body(pack: ComposedEvidence, from: string | undefined, moves: string | undefined): string {
  const head = `${pack.auditHead.seq}:${pack.auditHead.hash.slice(0, 12)}…`;
  const anchor = pack.signedPlan.audit_head;
  return [
    `The evidence pack of plan **v${pack.version}** (\`${pack.signedPlan.plan_id}\`): \`${pack.dir}/\` holds the plan, its SignedPlan and bundle, the signed inputs and models, the run and recon reports of v${pack.version}, the approvals record and the audit chain (head ${head}${anchor ? `, extending the head ${anchor.seq}:${anchor.hash.slice(0, 12)}… the SignedPlan anchored` : ''}).`,
    '',
    `\`sha256_manifest.json\` lists the sha256 of all ${pack.listed} files (its own sha256 \`${pack.manifestSha256}\`); \`attestation.sigstore.json\` signs them as an in-toto Statement (predicate type ${EVIDENCE_PREDICATE_TYPE}) with the plan-signing key.`,
    '',
    `Uploaded to the artifact store at \`${pack.storeUri}/\`:`,
    `- manifest: \`${pack.manifestUri}\``,
    `- attestation: \`${pack.attestationUri}\``,
    '',
    `Runs: ${pack.runIds.join(', ')}.`,
    '',
    moves ? `Merging it moves the project from **${from}** to **${moves}**: the end of the lifecycle.` : `The project stays **${from}**.`,
    '',
    `Anyone can check it offline: \`migration-copilot verify --evidence ${pack.dir}\` (every digest, the attestation, the signed plan and the audit chain).`,
  ].join('\n');
}

export async function composeEvidence(job: RepoJob, base: BaseRules): Promise<EvidenceOutcome> {
  const config = base.repo.config?.value;
  if (!config) throw new CopilotError('FILE_NOT_FOUND', `${REPO_PATHS.config} on ${base.ref} is missing or invalid: the trusted signers come from it`);
  const signer = createKeySigner(await signingKey(job), 'the key at MIGRATION_COPILOT_PLAN_KEY');
  const pack = await composeEvidencePack({
    files: base.files.files, chain: await auditChain(job), trust: trustPolicyFromConfig(config), signing: { signer },
    store: openArtifactStore(job.settings.artifactStore), commitSha: base.sha,
  });
  const projectText = base.files.files.read(REPO_PATHS.project)!;
  const moves = base.state === 'CUTOVER_DONE' ? 'EVIDENCE_COMPLETE' : undefined;
  const files = pack.files.map((f) => ({ path: `${pack.dir}/${f.path}`, content: f.bytes.toString('utf8') }));
  if (moves) files.push({ path: REPO_PATHS.project, content: withState(projectText, moves) });
  const proposal = await openProposal(job, base, {
    branch: evidenceBranch(pack.version), title: `Evidence pack v${pack.version}`, body: body(pack, base.state, moves),
    message: `Evidence pack v${pack.version}\n\n${pack.listed} files in ${pack.dir}/sha256_manifest.json (sha256 ${pack.manifestSha256}), signed as an in-toto attestation; stored at ${pack.storeUri}/.\n`,
    files, owns: (path) => path.startsWith(`${pack.dir}/`),
  });
  return { pack, proposal, moves };
}
