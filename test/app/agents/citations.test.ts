// Whatever produced it, reasoning that cites what is not there is refused and nothing is stored: a
// profiling figure with another value than the profile's, a rulebook entry or catalog object that does
// not exist, a policy pointer to nothing, a manual decision never raised.
import { describe, expect, it } from 'vitest';
import { runAgent } from '../../../app/agents/orchestrator.js';
import { MemorySink } from '../../../app/agents/sink.js';
import type { Agent, Citation } from '../../../app/agents/types.js';
import { smallContext } from './context.js';

function citing(citations: Citation[], manual?: string): Agent<Record<string, never>> {
  return {
    name: 'MappingAgent', version: '1.0.0',
    run: () => ({
      proposal: { kind: 'mapping', summary: 's', files: [{ path: 'notes/a.md', content: 'a\n' }], decisions: [] },
      reasoning: { proposal_id: 'x', agent: { name: 'MappingAgent', version: '1.0.0', provider: 'deterministic' },
        decisions: [{ id: 'd-001', subject: { table: 'shop.customers' }, decision: 'd', confidence: 1, citations, ...(manual ? { manual_decision: manual } : {}) }] },
    }),
  };
}

describe('the citations check', () => {
  it.each<[string, Citation[], string | undefined, RegExp]>([
    ['an invented profiling figure', [{ kind: 'profiling', table: 'shop.customers', column: 'balance', metric: 'max_scale', value: 2 }], undefined, /max_scale is 4 in the profile, not 2/],
    ['a figure the profile does not have', [{ kind: 'profiling', table: 'shop.orders', metric: 'row_count', value: 3 }], undefined, /not in the profile/],
    ['an unknown rulebook entry', [{ kind: 'rulebook', entry: 'pg-duck.made-up' }], undefined, /does not exist/],
    ['a catalog object that is not there', [{ kind: 'catalog', object: 'shop.customers.iban' }], undefined, /not in the catalog/],
    ['a policy pointer to nothing', [{ kind: 'policy', pointer: '/pii/rules/99' }], undefined, /policy has nothing/],
    ['a manual decision never raised', [{ kind: 'catalog', object: 'shop.customers' }], 'md-042', /md-042/],
  ])('refuses %s', async (_what, citations, manual, message) => {
    const sink = new MemorySink();
    await expect(runAgent(citing(citations, manual), {}, smallContext(), sink)).rejects.toThrow(message);
    expect(sink.objects.size).toBe(0);
  });

  it('accepts citations that hold', async () => {
    const run = await runAgent(citing([
      { kind: 'profiling', table: 'shop.customers', column: 'balance', metric: 'max_scale', value: 4 },
      { kind: 'profiling', table: 'shop.customers', column: 'email', metric: 'pattern_email', value: 2 },
      { kind: 'rulebook', entry: 'pg-duck.numeric.3' }, { kind: 'catalog', object: 'shop.customers.balance' }, { kind: 'policy', pointer: '/pii/rules/0/pattern' },
    ]), {}, smallContext(), new MemorySink());
    expect(run.reasoning.decisions).toHaveLength(1);
  });
});
