// AgentOrchestrator: runs one agent on a sealed context (guard.ts), then judges what came back the
// same way whichever provider made it: reasoning and every proposed file against their JSON Schemas,
// every citation against the context, every manual decision a reasoning entry names must exist.
// Accepted output is stored through the caller's ArtifactSink by sha256 and returned with a
// Proposal record (proposal.schema.json) the app turns into a pull request. Deterministic: the
// proposal id and every byte come from the inputs and the context's `now`.
import { CopilotError } from '../../core/errors.js';
import { canonicalDigest, sha256Hex } from '../../core/json/canonical.js';
import { parseJson, parseYaml, validateDocument, type Finding } from '../../core/schema/index.js';
import type { Proposal, Reasoning } from '../../core/types/generated.js';
import { citationProblems } from './citations.js';
import { sealContext } from './guard.js';
import type { ArtifactSink, StoredRef } from './sink.js';
import type { Agent, AgentContextData, AgentProposal, ManualDecision } from './types.js';

export interface AgentRun {
  readonly proposal: Proposal;
  readonly reasoning: Reasoning;
  readonly files: AgentProposal['files'];
  readonly decisions: readonly ManualDecision[];
  readonly value: unknown;
  readonly stored: readonly StoredRef[];
}

const encoder = new TextEncoder();

export function jsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function refuse(agent: string, what: string, problems: readonly string[]): CopilotError {
  return new CopilotError('VALIDATION_FAILED', `${agent}: ${what}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`, {
    hint: 'the proposal was not stored; the agent (or its model) must produce output that passes these checks',
  });
}

function fileFindings(path: string, content: string, schema: string): Finding[] {
  const doc = /\.ya?ml$/.test(path) ? parseYaml(content, path) : parseJson(content, path);
  return doc.findings.length > 0 ? [...doc.findings] : validateDocument(schema, doc.value, { file: path, lines: doc.lines });
}

/** Digests of what the agent reads: the input and each part of the context. */
function inputDigests(input: unknown, ctx: AgentContextData): { name: string; sha256: string }[] {
  const parts: [string, unknown][] = [
    ['input', input], ['project.json', ctx.project], ['discovery/source_catalog.json', ctx.catalog], ['discovery/source_profile.json', ctx.profile],
    ['policies/type_coercion_rulebook.json', ctx.rulebook], ['policy', ctx.policy], ['archetype', ctx.archetype],
    ['contracts/manual_decisions_required.json', ctx.previousDecisions], ['raised', ctx.raised],
    ...Object.keys(ctx.files).sort().map((k): [string, unknown] => [k, ctx.files[k]]),
  ];
  return parts.filter(([, v]) => v !== undefined).map(([name, v]) => ({ name, sha256: canonicalDigest(v ?? null) }));
}

export async function runAgent<I>(agent: Agent<I>, input: I, contextData: AgentContextData, sink: ArtifactSink): Promise<AgentRun> {
  const context = sealContext(contextData);
  const frozenInput = sealContext(input);
  const output = await agent.run(frozenInput, context);
  const { proposal, reasoning } = output;

  const schemaProblems = validateDocument('reasoning', reasoning, { file: 'reasoning.json', lines: new Map() }).map((f) => `${f.pointer} ${f.message}`);
  if (schemaProblems.length > 0) throw refuse(agent.name, 'reasoning.json does not match its schema', schemaProblems);
  if (reasoning.agent.name !== agent.name) throw refuse(agent.name, 'reasoning.json names another agent', [reasoning.agent.name]);
  const cites = citationProblems(reasoning, context);
  if (cites.length > 0) throw refuse(agent.name, 'reasoning cites what is not there', cites);
  const known = new Set([...proposal.decisions, ...context.previousDecisions, ...context.raised].map((d) => d.id));
  const dangling = reasoning.decisions.filter((d) => d.manual_decision !== undefined && !known.has(d.manual_decision)).map((d) => `${d.id} names ${d.manual_decision}`);
  if (dangling.length > 0) throw refuse(agent.name, 'reasoning names manual decisions that were not raised', dangling);
  const decisionProblems = validateDocument('manual_decisions_required', { decisions: proposal.decisions }, { file: 'decisions', lines: new Map() })
    .map((f) => `${f.pointer} ${f.message}`);
  if (decisionProblems.length > 0) throw refuse(agent.name, 'manual decisions do not match their schema', decisionProblems);
  const fileProblems = proposal.files.flatMap((f) => (f.schema ? fileFindings(f.path, f.content, f.schema).map((x) => `${f.path}:${x.line}: ${x.message}`) : []));
  if (fileProblems.length > 0) throw refuse(agent.name, 'proposed files do not match their schemas', fileProblems);
  if (proposal.files.length === 0) throw refuse(agent.name, 'the proposal has no files', ['nothing to propose']);

  const inputs = inputDigests(frozenInput, contextData);
  const proposalId = `${proposal.kind.replace(/_/g, '-')}-${canonicalDigest({ agent: agent.name, version: agent.version, inputs }).slice(0, 12)}`;
  const finalReasoning: Reasoning = { ...reasoning, proposal_id: proposalId, inputs };
  const reasoningText = jsonFile(finalReasoning);
  const stored: StoredRef[] = [];
  stored.push(await sink.put(`proposals/${proposalId}/reasoning.json`, encoder.encode(reasoningText)));
  for (const f of proposal.files) stored.push(await sink.put(`proposals/${proposalId}/${f.path}`, encoder.encode(f.content)));
  const record: Proposal = {
    proposal_id: proposalId, project_id: context.project.project_id, agent: finalReasoning.agent, kind: proposal.kind,
    created_at: context.now, summary: proposal.summary.slice(0, 4000),
    inputs: inputs.filter((i) => /^[A-Za-z0-9_.@+-][A-Za-z0-9_./@+-]*$/.test(i.name) && i.name.includes('/')).map((i) => ({ path: i.name, sha256: i.sha256 })),
    files: proposal.files.map((f) => ({ path: f.path, content: f.content, sha256: sha256Hex(f.content), media_type: mediaType(f.path) })),
    reasoning_sha256: sha256Hex(reasoningText),
    ...(proposal.decisions.length > 0 ? { manual_decisions: proposal.decisions.map((d) => d.id) } : {}),
  };
  const recordProblems = validateDocument('proposal', record, { file: 'proposal.json', lines: new Map() }).map((f) => `${f.pointer} ${f.message}`);
  if (recordProblems.length > 0) throw refuse(agent.name, 'the proposal record does not match its schema', recordProblems);
  stored.push(await sink.put(`proposals/${proposalId}/proposal.json`, encoder.encode(jsonFile(record))));
  return { proposal: record, reasoning: finalReasoning, files: proposal.files, decisions: proposal.decisions, value: proposal.value, stored };
}

function mediaType(path: string): Proposal['files'][number]['media_type'] {
  if (path.endsWith('.json')) return 'application/json';
  if (/\.ya?ml$/.test(path)) return 'application/yaml';
  if (path.endsWith('.sql')) return 'text/x-sql';
  if (path.endsWith('.md')) return 'text/markdown';
  return 'text/plain';
}
