// Builds reasoning.json as an agent decides: each decision gets the next d-NNN id, its subject, what
// it rests on (citations), a confidence and its limitations.
import type { Reasoning } from '../../core/types/generated.js';
import type { AgentName, Citation } from './types.js';

type Decision = Reasoning['decisions'][number];

export interface Decide {
  readonly table: string;
  readonly column?: string;
  readonly decision: string;
  readonly citations: readonly Citation[];
  readonly confidence: number;
  readonly limitations?: readonly string[];
  readonly manualDecision?: string;
}

export class ReasoningLog {
  private readonly decisions: Decision[] = [];
  private readonly limits: string[] = [];

  constructor(private readonly agent: AgentName, private readonly version: string, private readonly provider = 'deterministic') {}

  decide(d: Decide): string {
    const id = `d-${String(this.decisions.length + 1).padStart(3, '0')}`;
    this.decisions.push({
      id, subject: { table: d.table, ...(d.column !== undefined ? { column: d.column } : {}) }, decision: d.decision,
      confidence: Math.round(d.confidence * 100) / 100, citations: [...d.citations],
      ...(d.limitations && d.limitations.length > 0 ? { limitations: [...d.limitations] } : {}),
      ...(d.manualDecision !== undefined ? { manual_decision: d.manualDecision } : {}),
    });
    return id;
  }

  limitation(text: string): void {
    if (!this.limits.includes(text)) this.limits.push(text);
  }

  build(proposalId: string, inputs: readonly { name: string; sha256: string }[]): Reasoning {
    return {
      proposal_id: proposalId, agent: { name: this.agent, version: this.version, provider: this.provider },
      decisions: this.decisions, ...(this.limits.length > 0 ? { limitations: this.limits } : {}), inputs: [...inputs],
    };
  }
}
