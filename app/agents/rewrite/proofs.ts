// What a proof by execution (core/plan/proofs.ts, written by `rewrite prove`) means for the rewrite:
// a view whose translation did not return the source view's rows, or did not run, is a manual
// decision carrying the evidence rows; a view proven for the very model text proposed now is cited as
// proven. One copy of the rule for the RewriteAgent and the `rewrite prove` command.
import { sha256Hex } from '../../../core/json/canonical.js';
import { PROOFS_FILE, type ProofReport, type ViewProof } from '../../../core/plan/proofs.js';
import type { DecisionBook } from '../decisions.js';
import type { ManualDecision } from '../types.js';

export function proofEvidence(report: ProofReport, v: ViewProof): string[] {
  const rows = (label: string, xs: readonly unknown[] | undefined) => (xs ?? []).map((r) => `${label}: ${JSON.stringify(r)}`);
  return [`proof by execution (${PROOFS_FILE}, ${report.proven_at}) on ${report.target_engine}: ${v.status}` +
    `${v.rows ? `, ${v.rows.source} rows in the source and ${v.rows.target} in the target` : ''}${v.differing_rows !== undefined ? `, ${v.differing_rows} differing` : ''}`,
  ...(v.error ? [v.error] : []), ...rows('only in the source', v.only_in_source), ...rows('only in the target', v.only_in_target)];
}

/** Raises the decision for a view its proof did not prove. */
export function raiseProofDecision(book: DecisionBook, report: ProofReport, v: ViewProof): ManualDecision {
  return book.raise({ kind: 'other', table: v.view,
    question: `The translated view ${v.view} (${v.model}) ${v.status === 'failed' ? 'did not run' : 'does not return the same rows as the source view'} ` +
      `when proven by execution on ${report.target_engine}. How should it be migrated?`,
    options: { [`write ${v.model} by hand`]: 'a person corrects the translation; `migration-copilot rewrite prove` runs again and must prove it',
      'do not migrate the view': 'consumers of the view must move to another source' },
    recommended: `write ${v.model} by hand`, evidence: proofEvidence(report, v) });
}

/** The proof of a model, when it proved this very text. */
export function proofOf(report: ProofReport | undefined, model: string, content: string): ViewProof | undefined {
  return report?.views.find((v) => v.model === model && v.model_sha256 === sha256Hex(content));
}
