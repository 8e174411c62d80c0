// The LLM-backed provider against a local fake OpenAI-compatible endpoint (a real HTTP server): its
// answer gets the same schema and citations checks as a deterministic agent's; a fabricated figure is
// refused and nothing is stored; the key goes only into the Authorization header.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgent } from '../../../app/agents/orchestrator.js';
import { MemorySink } from '../../../app/agents/sink.js';
import { llmAgent } from '../../../app/llm/provider.js';
import { smallContext } from '../agents/context.js';

let server: Server;
let base = '';
let answer: unknown;
const seen: { auth?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      seen.push({ auth: req.headers.authorization, body });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: JSON.stringify(answer) } }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

function modelAnswer(value: number) {
  return {
    proposal: { kind: 'profiling', summary: 'balance has 4 decimals', files: [{ path: 'notes/balance.md', content: 'scale 4\n' }], decisions: [] },
    reasoning: { proposal_id: 'llm', agent: { name: 'ProfilingAgent', version: '1.0.0', provider: 'deterministic' }, decisions: [{
      id: 'd-001', subject: { table: 'shop.customers', column: 'balance' }, decision: 'keep scale 4', confidence: 0.7,
      citations: [{ kind: 'profiling', table: 'shop.customers', column: 'balance', metric: 'max_scale', value }] }] },
  };
}

describe('LLM provider', () => {
  const agent = () => llmAgent({ name: 'ProfilingAgent', version: '1.0.0' }, { baseUrl: base, model: 'fake-model', apiKey: 'sk-canary-1234' }, (u, i) => fetch(u, i));

  it('an answer whose citations hold is accepted and marked as the model\'s', async () => {
    answer = modelAnswer(4);
    const run = await runAgent(agent(), {}, smallContext(), new MemorySink());
    expect(run.reasoning.agent.provider).toBe('llm:fake-model');
    expect(run.files[0]!.path).toBe('notes/balance.md');
    const last = seen.at(-1)!;
    expect(last.auth).toBe('Bearer sk-canary-1234');
    expect(JSON.parse(last.body)).toMatchObject({ model: 'fake-model', temperature: 0 });
    expect(JSON.stringify(run)).not.toContain('sk-canary');
  });

  it('an answer citing a figure the profile does not hold is refused, nothing stored', async () => {
    answer = modelAnswer(2);
    const sink = new MemorySink();
    await expect(runAgent(agent(), {}, smallContext(), sink)).rejects.toThrow(/max_scale is 4 in the profile, not 2/);
    expect(sink.objects.size).toBe(0);
  });

  it('an answer that is not the contract\'s shape is refused', async () => {
    answer = { hello: 'world' };
    await expect(runAgent(agent(), {}, smallContext(), new MemorySink())).rejects.toThrow(/no proposal or reasoning/);
  });
});
