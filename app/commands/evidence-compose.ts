// /evidence compose: the evidence pack of the current state, proposed as a pull request (app/evidence/compose.ts).
import { composeEvidence } from '../evidence/compose.js';
import type { CommentCommand } from './command.js';

const evidenceCompose: CommentCommand = {
  name: 'evidence compose', summary: 'compose the evidence pack (sha256 manifest and audit chain) and open its pull request',
  args: [], roles: ['release_manager', 'data_owner'], states: ['CUTOVER_DONE', 'EVIDENCE_COMPLETE'], needsPull: false,
  async run(ctx) {
    const pack = await composeEvidence(ctx.job, ctx.base, ctx.now());
    const refs = { pull: String(pack.pull), manifest_sha256: pack.manifestSha256, commit: ctx.base.sha };
    await ctx.audit({ actor: ctx.actor, action: 'evidence.composed', subject: pack.dir, refs, idempotencyKey: `evidence:${ctx.base.sha}`,
      reasoning: `sha256 manifest over ${pack.files} files at ${ctx.base.sha.slice(0, 12)}, proposed in #${pack.pull}` });
    return {
      ok: true, refs, reasoning: `composed ${pack.dir} (${pack.files} files)`,
      body: `${pack.opened ? 'Composed' : 'Already composed:'} \`${pack.dir}/\` with a sha256 manifest over ${pack.files} files (manifest sha256 \`${pack.manifestSha256.slice(0, 12)}\`), proposed in #${pack.pull}.`,
    };
  },
};

export default evidenceCompose;
