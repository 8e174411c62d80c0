// The layout of an evidence pack, evidence/v<N>/ in the migration repository: copies of the repository
// files it speaks for under their repository paths (plans/migration_plan.json, plans/signed/v<N>.json and
// its bundle, the other signed inputs, models/, runs/v<N>/, reconciliation/v<N>/, project.json), and the
// files composed for it (approvals.json, audit_chain.json), all listed in sha256_manifest.json; the
// manifest's in-toto attestation (attestation.sigstore.json) signs them all. Paths in the manifest and the
// attestation are relative to the pack's folder, so a copy of that folder verifies on its own.

export const MANIFEST_FILE = 'sha256_manifest.json';
export const ATTESTATION_FILE = 'attestation.sigstore.json';
export const AUDIT_CHAIN_FILE = 'audit_chain.json';
export const APPROVALS_FILE = 'approvals.json';

/** The two files the manifest does not list: itself, and the signature over it. */
export const UNLISTED_FILES: readonly string[] = [MANIFEST_FILE, ATTESTATION_FILE];

/** evidence/v<N>: where the pack of plan version N lives in the repository. */
export function evidenceDir(version: number): string {
  return `evidence/v${version}`;
}

/** The prefixes of the run and recon reports of version N. */
export function reportDirs(version: number): { readonly runs: string; readonly recon: string } {
  return { runs: `runs/v${version}/`, recon: `reconciliation/v${version}/` };
}

/**
 * The artifact store folder of one pack: evidence/v<N>/<key>, where key names the pack's content (the
 * first 16 hex of the sha256 over its file list), so the store stays write-once: the same evidence lands on
 * the same names (a no-op), different evidence on new ones.
 */
export function storeFolder(version: number, contentKey: string): string {
  return `${evidenceDir(version)}/${contentKey.slice(0, 16)}`;
}
