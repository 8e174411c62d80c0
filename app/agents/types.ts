// The agent contract (design, Agents): run(input, context) -> {proposal, reasoning}. The context is
// read-only data only: the raw catalog and profile, the rulebook, the policy, the archetype and the
// repository's previous artifacts. An agent holds no connection, secret, GitHub client or file
// system; the orchestrator proves it (app/agents/guard.ts) and validates what comes back.
import type {
  Archetype, ManualDecisionsRequired, Policy, Project, Reasoning, SourceCatalog, SourceColumn, SourceProfile, SourceRelation, TypeCoercionRulebook,
} from '../../core/types/generated.js';
import type { DeepReadonly } from '../../core/schema/readonly.js';

export type AgentName = Reasoning['agent']['name'];
export type ProposalKind = 'discovery' | 'profiling' | 'mapping' | 'rewrite' | 'recon' | 'plan' | 'cutover' | 'diff_explanation';
export type ManualDecision = ManualDecisionsRequired['decisions'][number];
export type Citation = Reasoning['decisions'][number]['citations'][number];

/** A file an agent proposes, with the schema it must satisfy (none for SQL and markdown). */
export interface ProposedFile {
  readonly path: string;
  readonly content: string;
  readonly schema?: string;
}

export interface AgentProposal {
  readonly kind: ProposalKind;
  readonly summary: string;
  readonly files: readonly ProposedFile[];
  /** Decisions left to people (merged into contracts/manual_decisions_required.json). */
  readonly decisions: readonly ManualDecision[];
  /** Structured result the next agent or the plan compiler reads (it is also in the files). */
  readonly value?: unknown;
}

export interface AgentOutput {
  readonly proposal: AgentProposal;
  readonly reasoning: Reasoning;
}

/** Everything an agent may read. Plain data only; frozen before an agent sees it. */
export interface AgentContextData {
  readonly project: Project;
  readonly catalog?: SourceCatalog;
  readonly profile?: SourceProfile;
  readonly rulebook: TypeCoercionRulebook;
  readonly policy: Policy;
  readonly archetype: Archetype;
  /** Decisions already in the repository (resolved ones keep their resolution). */
  readonly previousDecisions: readonly ManualDecision[];
  /** Decisions raised earlier in this run by other agents. */
  readonly raised: readonly ManualDecision[];
  /** Other artifacts by repository path (text), e.g. the recon report DiffExplainer reads. */
  readonly files: Readonly<Record<string, string>>;
  /** The run's time (ISO), supplied by the caller so agents stay deterministic. */
  readonly now: string;
}

export type AgentContext = DeepReadonly<AgentContextData>;

export interface Agent<I = unknown> {
  readonly name: AgentName;
  readonly version: string;
  run(input: I, context: AgentContext): AgentOutput | Promise<AgentOutput>;
}

export type Relation = DeepReadonly<SourceRelation>;
export type Column = DeepReadonly<SourceColumn>;
