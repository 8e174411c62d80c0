// `propose`: every agent in order, each through the orchestrator, then the plan compiler. Discovery
// and Profiling describe the source; Mapping, Rewrite and Recon decide; the compiler orders the work;
// Cutover writes the runbooks. Decisions raised by one agent are visible to the next (their ids never
// collide) and all of them, with the repository's earlier ones, become
// contracts/manual_decisions_required.json. Returns the files of the migration repository to write.
import { sha256Hex } from '../../core/json/canonical.js';
import type { CompiledModel, CompiledTable } from '../../core/plan/compiler.js';
import type { SchemaMapping } from '../../core/types/generated.js';
import { agent as cutover } from './cutover/index.js';
import { mergeDecisions } from './decisions.js';
import { agent as discovery } from './discovery/index.js';
import { agent as mapping, type MappedTable } from './mapping/index.js';
import { jsonFile, runAgent, type AgentRun } from './orchestrator.js';
import { agent as plan } from './plan/index.js';
import { agent as profiling } from './profiling/index.js';
import { agent as recon, type ReconProposal } from './recon/index.js';
import { agent as rewrite, type RewriteResult } from './rewrite/index.js';
import type { ArtifactSink } from './sink.js';
import type { AgentContextData, ManualDecision, ProposedFile } from './types.js';

export interface ProposeResult {
  readonly files: readonly ProposedFile[];
  readonly runs: readonly AgentRun[];
  readonly decisions: readonly ManualDecision[];
}

export async function propose(data: AgentContextData, sink: ArtifactSink, opts: { readonly version: number }): Promise<ProposeResult> {
  const runs: AgentRun[] = [];
  let raised: ManualDecision[] = [];
  const step = async <I>(a: Parameters<typeof runAgent<I>>[0], input: I): Promise<AgentRun> => {
    const r = await runAgent(a, input, { ...data, raised }, sink);
    raised = [...raised, ...r.decisions];
    runs.push(r);
    return r;
  };
  const target = data.project.target.engine;
  await step(discovery, { targetEngine: target });
  if (data.profile) await step(profiling, {});
  const m = await step(mapping, { targetEngine: target });
  const { mapping: mappingDoc, tables } = m.value as { mapping: SchemaMapping; tables: MappedTable[] };
  const mappingFile = m.files.find((f) => f.path === 'contracts/schema_mapping.yml')!;
  const rw = await step(rewrite, { targetEngine: target, mapping: mappingDoc });
  const models = (rw.value as RewriteResult).models;
  const rc = await step(recon, { mapping: mappingDoc });
  const rcValue = rc.value as ReconProposal;
  const rowsOf = (source: string) => data.profile?.tables.find((t) => `${t.schema}.${t.name}` === source)?.row_count
    ?? tables.find((t) => t.mapping.source === source)?.relation.row_estimate ?? undefined;
  const compiledTables: CompiledTable[] = tables.map((t) => ({
    source: t.mapping.source, references: t.relation.foreign_keys.map((f) => `${f.references.schema}.${f.references.name}`), rows: rowsOf(t.mapping.source),
    ...(t.relation.partition_key ? { partitionKey: t.relation.partition_key } : {}),
  }));
  const compiledModels: CompiledModel[] = models.map((x) => ({ path: x.path, target: x.target, reads: [...x.reads], source: x.source }));
  const p = await step(plan, { mapping: mappingDoc, mappingSha256: sha256Hex(mappingFile.content), tables: compiledTables, models: compiledModels,
    recon: rcValue.recon, tolerances: rcValue.tolerances, version: opts.version });
  await step(cutover, { plan: p.value as never });
  const decisions = mergeDecisions(data.previousDecisions, raised);
  const files: ProposedFile[] = [
    ...runs.flatMap((r) => r.files),
    { path: 'contracts/manual_decisions_required.json', content: jsonFile({ decisions }), schema: 'manual_decisions_required' },
    ...runs.map((r) => ({ path: `discovery/${r.proposal.kind.replace(/_/g, '-')}.reasoning.json`, content: jsonFile(r.reasoning), schema: 'reasoning' })),
  ];
  return { files, runs, decisions };
}
