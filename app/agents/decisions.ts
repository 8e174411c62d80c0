// Manual decisions across agents and runs: a decision is known by its kind and subject, so proposing
// again keeps the id, status and resolution people already gave it; a new one takes the next md-NNN.
import type { DeepReadonly } from '../../core/schema/readonly.js';
import type { AgentName, ManualDecision } from './types.js';

type Known = DeepReadonly<ManualDecision>;

export interface Raise {
  readonly kind: ManualDecision['kind'];
  readonly table: string;
  readonly column?: string;
  readonly question: string;
  /** option -> consequence of choosing it. */
  readonly options: Readonly<Record<string, string>>;
  readonly recommended?: string;
  readonly evidence: readonly string[];
}

export function decisionKey(d: Pick<Known, 'kind' | 'subject'>): string {
  return `${d.kind}|${d.subject.table}|${d.subject.column ?? ''}`;
}

function idNumber(id: string): number {
  return Number(id.slice(3));
}

export class DecisionBook {
  private readonly known = new Map<string, Known>();
  private next: number;
  readonly raised: ManualDecision[] = [];

  constructor(previous: readonly Known[], earlier: readonly Known[], private readonly agent: AgentName) {
    for (const d of [...previous, ...earlier]) this.known.set(decisionKey(d), d);
    this.next = 1 + Math.max(0, ...[...previous, ...earlier].map((d) => idNumber(d.id)));
  }

  raise(r: Raise): ManualDecision {
    const subject = { table: r.table, ...(r.column !== undefined ? { column: r.column } : {}) };
    const key = decisionKey({ kind: r.kind, subject });
    const mine = this.raised.find((d) => decisionKey(d) === key);
    if (mine) return mine;
    const had = this.known.get(key);
    const id = had?.id ?? `md-${String(this.next++).padStart(3, '0')}`;
    const decision: ManualDecision = {
      id, kind: r.kind, subject, question: r.question, options: Object.keys(r.options), consequences: { ...r.options },
      ...(r.recommended !== undefined ? { recommended: r.recommended } : {}), evidence: [...r.evidence], raised_by: this.agent,
      status: had?.status === 'resolved' && had.resolution && Object.keys(r.options).includes(had.resolution.choice) ? 'resolved' : 'open',
    };
    if (decision.status === 'resolved') decision.resolution = { ...had!.resolution! };
    this.raised.push(decision);
    return decision;
  }
}

/** All decisions of a run, ordered by id; a previous decision no agent raised again is kept as it was. */
export function mergeDecisions(previous: readonly Known[], raised: readonly ManualDecision[]): ManualDecision[] {
  const byKey = new Map<string, ManualDecision>(previous.map((d) => [decisionKey(d), structuredClone(d) as ManualDecision]));
  for (const d of raised) byKey.set(decisionKey(d), d);
  return [...byKey.values()].sort((a, b) => idNumber(a.id) - idNumber(b.id));
}
