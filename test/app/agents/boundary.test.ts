// An agent proposes and nothing more. The lint block for app/agents/** refuses the imports that would
// give it I/O (files, network, processes, GitHub, git, databases, the runner), and at run time the
// orchestrator refuses a context that carries anything but plain data and hands the agent a frozen
// copy, so an agent that tries to reach a connection or write through its context fails.
import { ESLint } from 'eslint';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { runAgent } from '../../../app/agents/orchestrator.js';
import { ReasoningLog } from '../../../app/agents/reasoning.js';
import { MemorySink } from '../../../app/agents/sink.js';
import type { Agent, AgentContext, AgentContextData } from '../../../app/agents/types.js';
import { smallContext } from './context.js';

const eslint = new ESLint({ cwd: process.cwd() });

async function errors(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: 'app/agents/sneaky/index.ts' });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

/** An agent proposing one small file; `act` is what it tries to do with its context first. */
function agentThat(act: (ctx: AgentContext) => void): Agent<Record<string, never>> {
  return {
    name: 'ProfilingAgent', version: '1.0.0',
    run(_input, ctx) {
      act(ctx);
      const log = new ReasoningLog('ProfilingAgent', '1.0.0');
      log.decide({ table: 'shop.customers', decision: 'looked', confidence: 1, citations: [{ kind: 'catalog', object: 'shop.customers' }] });
      return { proposal: { kind: 'profiling', summary: 'x', files: [{ path: 'notes/x.md', content: 'x\n' }], decisions: [] }, reasoning: log.build('x', []) };
    },
  };
}

describe('agents: the lint boundary', () => {
  it.each([
    ["import { writeFileSync } from 'node:fs';\nexport const a = writeFileSync;\n", 'no-restricted-imports'],
    ["import { request } from 'node:https';\nexport const a = request;\n", 'no-restricted-imports'],
    ["import { spawn } from 'node:child_process';\nexport const a = spawn;\n", 'no-restricted-imports'],
    ["import { Octokit } from '@octokit/rest';\nexport const a = Octokit;\n", 'no-restricted-imports'],
    ["import { Probot } from 'probot';\nexport const a = Probot;\n", 'no-restricted-imports'],
    ["import { simpleGit } from 'simple-git';\nexport const a = simpleGit;\n", 'no-restricted-imports'],
    ["import pg from 'pg';\nexport const a = pg;\n", 'no-restricted-imports'],
    ["import { openConnection } from '../../../runner/connectors/open.js';\nexport const a = openConnection;\n", 'no-restricted-imports'],
    ["export const a = () => fetch('http://127.0.0.1/');\n", 'no-restricted-globals'],
    ['export const a = () => process.env.SOURCE_URL;\n', 'no-restricted-globals'],
  ])('refuses %s', async (code, rule) => {
    expect(await errors(code)).toContain(rule);
  });

  it('allows core and the agents\' own helpers', async () => {
    expect(await errors("import { lookupCoercion } from '../../../core/policy/rulebook.js';\nimport { ReasoningLog } from '../reasoning.js';\nexport const a = [lookupCoercion, ReasoningLog];\n")).toEqual([]);
  });
});

describe('agents: the runtime boundary', () => {
  it('refuses a context that carries a connection, a function or a class instance', async () => {
    const client = new pg.Client({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
    const cases: [string, (d: AgentContextData) => AgentContextData][] = [
      ['a database client', (d) => ({ ...d, files: { ...d.files }, connection: client } as unknown as AgentContextData)],
      ['a function', (d) => ({ ...d, files: { token: (() => 'secret') as unknown as string } })],
      ['a Map', (d) => ({ ...d, previousDecisions: new Map() as unknown as [] })],
    ];
    for (const [what, make] of cases) {
      await expect(runAgent(agentThat(() => {}), {}, make(smallContext()), new MemorySink()), what).rejects.toThrow(/plain data only/);
    }
  });

  it('an agent that writes through its context fails, and the caller\'s data is untouched', async () => {
    const data = smallContext();
    const sink = new MemorySink();
    await expect(runAgent(agentThat((ctx) => { (ctx.files as Record<string, string>)['plans/migration_plan.json'] = '{}'; }), {}, data, sink)).rejects.toThrow(TypeError);
    await expect(runAgent(agentThat((ctx) => { (ctx.catalog!.relations as unknown[]).push({}); }), {}, data, sink)).rejects.toThrow(TypeError);
    expect(data.files).toEqual({});
    expect(sink.objects.size).toBe(0);
  });

  it('an agent that reaches for a capability finds none', async () => {
    const reach = (ctx: AgentContext) => {
      const c = ctx as unknown as { connection?: { query(): void }; github?: { rest: unknown }; secrets?: unknown };
      c.connection!.query();
    };
    await expect(runAgent(agentThat(reach), {}, smallContext(), new MemorySink())).rejects.toThrow(TypeError);
  });

  it('an agent that behaves is stored by sha256 with its reasoning and a proposal record', async () => {
    const sink = new MemorySink();
    const run = await runAgent(agentThat(() => {}), {}, smallContext(), sink);
    expect(run.proposal.files[0]).toMatchObject({ path: 'notes/x.md', sha256: '73cb3858a687a8494ca3323053016282f3dad39d42cf62ca4e79dda2aac7d9ac' });
    expect([...sink.objects.keys()].sort()).toEqual([`proposals/${run.proposal.proposal_id}/notes/x.md`, `proposals/${run.proposal.proposal_id}/proposal.json`, `proposals/${run.proposal.proposal_id}/reasoning.json`]);
  });
});
