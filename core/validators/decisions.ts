// Linking mapped columns to manual decisions: by the column's `decision: md-NNN`, or by a decision
// whose subject is that table and column (source or target names).
import type { MigrationContext } from '../repo/context.js';

export type Decision = NonNullable<NonNullable<MigrationContext['manualDecisions']>['value']>['decisions'][number];

export interface DecisionLink {
  /** The decision found, if any. */
  readonly decision: Decision | undefined;
  /** The id the column names that no decision has. */
  readonly unknownId: string | undefined;
}

export function decisions(ctx: MigrationContext): readonly Decision[] {
  return ctx.manualDecisions?.value?.decisions ?? [];
}

export function decisionFor(
  ctx: MigrationContext,
  table: { source: string; target: string },
  column: { source: string; target: string; decision?: string },
): DecisionLink {
  const all = decisions(ctx);
  if (column.decision !== undefined) {
    const byId = all.find((d) => d.id === column.decision);
    return { decision: byId, unknownId: byId ? undefined : column.decision };
  }
  const bySubject = all.find((d) => (d.subject.table === table.source || d.subject.table === table.target)
    && d.subject.column !== undefined && (d.subject.column === column.source || d.subject.column === column.target));
  return { decision: bySubject, unknownId: undefined };
}
