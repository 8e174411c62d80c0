// `migration-copilot evidence`: composes the evidence pack of a signed plan version with the composer
// `/evidence compose` shares (core/evidence), uploads it to the artifact store, writes it as evidence/v<N>/
// in the repository and prints where everything went. The key's content never reaches any output.
import { resolve } from 'node:path';
import { CopilotError } from '../../core/errors.js';
import { composeEvidencePack } from '../../core/evidence/index.js';
import { buildMigrationContext } from '../../core/repo/index.js';
import { createKeySigner } from '../../core/signing/index.js';
import { openArtifactStore } from '../../runner/artifacts/open.js';
import { auditChainOfRepo, defaultBranchFiles, trustOf, writePackDir } from '../../runner/evidence/local.js';
import { parseFlags, requireFlag, type Command } from '../command.js';
import { readInput } from '../read-input.js';
import { directoryRepoFiles } from '../repo-files.js';

const command: Command = {
  name: 'evidence',
  summary: 'Compose the evidence pack of a signed plan version: evidence/v<N>/, uploaded and signed as an in-toto attestation.',
  usage: '  migration-copilot evidence --repo DIR --version N [--key PEM] [--store URI]\n' +
    '    --repo     the migration repository (a checkout of the default branch, with runs/v<N>/ and reconciliation/v<N>/)\n' +
    '    --version  N of plans/signed/v<N>.json\n' +
    '    --key      the plan-signing private key (PEM; default: the file MIGRATION_COPILOT_PLAN_KEY names); it signs the\n' +
    '               attestation, and its public key must be in signers.keys on the default branch\n' +
    '    --store    the artifact store: file:DIR, s3://BUCKET/PREFIX or gs://BUCKET/PREFIX (default: artifact_store of\n' +
    '               .migration/config.yml)',
  async run(args, io) {
    const { values } = parseFlags(this, args, { repo: { type: 'string' }, version: { type: 'string' }, key: { type: 'string' }, store: { type: 'string' } });
    const repo = resolve(io.cwd, requireFlag(this, values.repo, 'repo'));
    const versionText = requireFlag(this, values.version, 'version');
    if (!/^[1-9][0-9]{0,8}$/.test(versionText)) {
      throw new CopilotError('USAGE', `evidence: --version must be a positive integer, not "${versionText}"`, { hint: `usage:\n${this.usage}` });
    }
    const keyFile = values.key ?? io.env.MIGRATION_COPILOT_PLAN_KEY;
    if (!keyFile) {
      throw new CopilotError('USAGE', 'evidence: --key is required (or MIGRATION_COPILOT_PLAN_KEY): the pack is signed with the plan-signing key', { hint: `usage:\n${this.usage}` });
    }
    const signer = createKeySigner(await readInput(io.cwd, keyFile, { what: 'key file', hint: 'pass --key with the plan-signing private key (PEM)' }), `key file ${keyFile}`);
    const files = directoryRepoFiles(repo);
    const base = await defaultBranchFiles(repo, files);
    const trust = trustOf(base.files, base.label);
    const config = buildMigrationContext(files).config?.value;
    const location = values.store ?? config?.artifact_store;
    if (!location) throw new CopilotError('USAGE', 'evidence: --store is required: .migration/config.yml names no artifact_store', { hint: `usage:\n${this.usage}` });
    const store = openArtifactStore(location, { baseDir: repo, env: io.env });
    const chain = await auditChainOfRepo(repo);

    const pack = await composeEvidencePack({ files, version: Number(versionText), chain: chain.entries, trust, signing: { signer }, store });
    const dir = await writePackDir(repo, pack.dir, pack.files);
    const out = (s: string) => io.stdout.write(`${s}\n`);
    out(`composed ${pack.dir}/ for plan v${pack.version}: ${pack.listed} files in ${pack.dir}/sha256_manifest.json (sha256 ${pack.manifestSha256}), signed by key ${signer.keyId.slice(0, 12)}`);
    out(`audit chain: ${chain.source ?? 'none (no migration-audit branch)'}, head ${pack.auditHead.seq}:${pack.auditHead.hash.slice(0, 12)}...; runs ${pack.runIds.join(', ')}`);
    out(`trusted signers from ${base.label}`);
    out(`uploaded to ${pack.storeUri}/`);
    out(`  manifest    ${pack.manifestUri}`);
    out(`  attestation ${pack.attestationUri}`);
    out(`wrote ${dir}`);
    out(`verify it: migration-copilot verify --evidence ${dir}`);
    return 0;
  },
};

export default command;
