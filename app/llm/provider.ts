// An LLM-backed provider behind the agent contract: an Agent whose run() asks an OpenAI-compatible
// chat-completions endpoint the user configured for {proposal, reasoning} as JSON. It lives outside
// app/agents (agents make no network calls); the HTTP call is the one capability, passed in. What the
// model returns gets exactly the deterministic agents' treatment from the orchestrator: schemas,
// citations against the context, decisions. Never required: without a configured endpoint the
// deterministic agents run.
import { CopilotError } from '../../core/errors.js';
import type { Agent, AgentContext, AgentOutput } from '../agents/types.js';

export interface LlmEndpoint {
  /** Base URL, e.g. https://api.example.com/v1 (POST {base}/chat/completions). */
  readonly baseUrl: string;
  readonly model: string;
  /** Sent as a bearer token; never logged, never in an output. */
  readonly apiKey?: string;
}

export type Fetch = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

const SYSTEM = 'You are a migration agent. Answer with one JSON object {"proposal": {...}, "reasoning": {...}} and nothing else. ' +
  'proposal: {kind, summary, files: [{path, content, schema?}], decisions: []}. reasoning follows reasoning.schema.json: every decision cites ' +
  'only rulebook entries, catalog objects, profiling figures (with the exact value of the profile) or policy pointers present in the context.';

export function llmAgent<I>(base: Pick<Agent<I>, 'name' | 'version'>, endpoint: LlmEndpoint, fetchFn: Fetch): Agent<I> {
  return {
    name: base.name, version: base.version,
    async run(input: I, context: AgentContext): Promise<AgentOutput> {
      const url = `${endpoint.baseUrl.replace(/\/+$/, '')}/chat/completions`;
      const body = JSON.stringify({
        model: endpoint.model, temperature: 0, response_format: { type: 'json_object' },
        messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: JSON.stringify({ agent: base.name, input, context }) }],
      });
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}) };
      let res: Awaited<ReturnType<Fetch>>;
      try {
        res = await fetchFn(url, { method: 'POST', headers, body });
      } catch (e) {
        throw new CopilotError('CONNECTION_FAILED', `${base.name}: the model endpoint ${new URL(url).host} did not answer`, { cause: e });
      }
      const text = await res.text();
      if (!res.ok) throw new CopilotError('QUERY_FAILED', `${base.name}: the model endpoint answered HTTP ${res.status}`);
      let out: AgentOutput;
      try {
        const content = (JSON.parse(text) as { choices?: { message?: { content?: string } }[] }).choices?.[0]?.message?.content ?? '';
        out = JSON.parse(content) as AgentOutput;
      } catch {
        throw new CopilotError('VALIDATION_FAILED', `${base.name}: the model did not answer with a JSON object`, { hint: 'the proposal was not stored' });
      }
      if (!out || typeof out !== 'object' || !out.proposal || !out.reasoning) {
        throw new CopilotError('VALIDATION_FAILED', `${base.name}: the model's answer has no proposal or reasoning`);
      }
      const reasoning = { ...out.reasoning, agent: { name: base.name, version: base.version, provider: `llm:${endpoint.model}` } };
      return { proposal: { ...out.proposal, decisions: out.proposal.decisions ?? [] }, reasoning };
    },
  };
}
