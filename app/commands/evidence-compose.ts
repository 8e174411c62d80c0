// /evidence compose: the evidence pack of the latest signed plan, composed, uploaded to the artifact store,
// signed as an in-toto attestation and proposed as a pull request that completes the lifecycle
// (app/evidence/compose.ts). The store URIs and the manifest's digest go into the reply, the pull request
// and the audit chain.
import { composeEvidence } from '../evidence/compose.js';
import type { CommentCommand } from './command.js';

const evidenceCompose: CommentCommand = {
  name: 'evidence compose', summary: 'compose the evidence pack (sha256 manifest, audit chain, in-toto attestation), upload it and open its pull request',
  args: [], roles: ['release_manager', 'data_owner'], states: ['CUTOVER_DONE', 'EVIDENCE_COMPLETE'], needsPull: false,
  async run(ctx) {
    const { pack, proposal, moves } = await composeEvidence(ctx.job, ctx.base);
    const refs = {
      ...(proposal.pull ? { pull: String(proposal.pull) } : {}), commit: ctx.base.sha, plan_version: String(pack.version),
      manifest_sha256: pack.manifestSha256, store_uri: pack.storeUri, manifest_uri: pack.manifestUri, attestation_uri: pack.attestationUri,
      audit_head: `${pack.auditHead.seq}:${pack.auditHead.hash}`,
    };
    const where = proposal.pull ? `proposed in #${proposal.pull}` : `already on ${ctx.base.ref}`;
    await ctx.audit({
      actor: ctx.actor, action: 'evidence.composed', subject: pack.dir, refs, idempotencyKey: `evidence:v${pack.version}:${pack.manifestSha256}`,
      reasoning: `${pack.listed} files at ${ctx.base.sha.slice(0, 12)} in the sha256 manifest, signed as an in-toto attestation, stored at ${pack.storeUri}/, ${where}`,
    });
    const verb = { opened: 'Composed', updated: 'Composed again (the pull request is updated):', unchanged: 'Already composed:', current: 'Already composed:' }[proposal.kind];
    return {
      ok: true, refs, reasoning: `composed ${pack.dir} (${pack.listed} files), ${where}`,
      body: [
        `${verb} \`${pack.dir}/\` with a sha256 manifest over ${pack.listed} files (manifest sha256 \`${pack.manifestSha256.slice(0, 12)}\`), signed as an in-toto attestation, ${where}.`,
        '',
        `Stored at \`${pack.storeUri}/\` (manifest \`${pack.manifestUri}\`).${moves ? ` Merging it moves the project to ${moves}.` : ''}`,
      ].join('\n'),
    };
  },
};

export default evidenceCompose;
