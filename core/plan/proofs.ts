// The proof by execution of translated views (runner/prove writes it, the RewriteAgent and
// `rewrite prove` read it): models/proofs.json. A view counts as proven only with status `proven` for
// the very model text it names by sha256; anything else is a finding.
import type { KeyValues } from '../recon/report-types.js';

export const PROOFS_FILE = 'models/proofs.json';

export interface ViewProof {
  readonly view: string;
  readonly model: string;
  /** sha256 of the model file proven: an edited model is not proven by an older proof. */
  readonly model_sha256: string;
  readonly status: 'proven' | 'differs' | 'failed';
  readonly rows?: { readonly source: number; readonly target: number };
  /** Rows the source view returns and the translation does not, and the reverse (personal data masked). */
  readonly only_in_source?: readonly KeyValues[];
  readonly only_in_target?: readonly KeyValues[];
  readonly differing_rows?: number;
  readonly error?: string;
}

export interface ProofReport {
  readonly source_engine: string;
  readonly target_engine: string;
  readonly proven_at: string;
  /** Rows copied into the scratch database, per table. */
  readonly copied: Readonly<Record<string, number>>;
  readonly views: readonly ViewProof[];
}

/** The report in a file's text, or undefined when it is not one (then nothing counts as proven). */
export function parseProofs(text: string | undefined): ProofReport | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as ProofReport;
    return v && Array.isArray(v.views) && typeof v.target_engine === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}
