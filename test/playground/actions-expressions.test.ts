// The simulator's reading of Actions expressions and matrices, table-driven: what GitHub evaluates, and a
// named error for what the simulator does not.
import { describe, expect, it } from 'vitest';
import { condition, evaluate, expand, expandValue, type ExpressionScope } from '../../playground/actions/expressions.js';
import { expandMatrix, matrixJobName } from '../../playground/actions/matrix.js';

const scope: ExpressionScope = {
  contexts: {
    github: { ref: 'refs/tags/plan/v3', event_name: 'push', event: { pull_request: { head: { sha: 'abc' } } } },
    secrets: { SOURCE_URL: 'postgres://x' }, matrix: { shard: 2 }, env: { STAGE: 'ci' },
    needs: { plan: { result: 'success', outputs: { shards: '[1,2,3]' } } },
  },
};

describe('expressions', () => {
  it.each([
    ['github.ref', 'refs/tags/plan/v3'],
    ["github['event_name']", 'push'],
    ['github.event.pull_request.head.sha', 'abc'],
    ['github.missing.deeper', null],
    ['matrix.shard == 2', true],
    ["env.STAGE == 'CI'", true],
    ["startsWith(github.ref, 'refs/tags/plan/')", true],
    ["contains(fromJSON(needs.plan.outputs.shards), 3)", true],
    ["needs.plan.result != 'success' || 'fallback'", 'fallback'],
    ["format('{0}/{1}', matrix.shard, 4)", '2/4'],
    ['!(matrix.shard > 1)', false],
    ["join(fromJSON('[1, 2]'), '-')", '1-2'],
  ])('%s', (expr, value) => {
    expect(evaluate(expr, scope)).toEqual(value);
  });

  it('expands inside text, and keeps a whole expression\'s type', () => {
    expect(expand('shard ${{ matrix.shard }} of ${{ env.STAGE }}', scope)).toBe('shard 2 of ci');
    expect(expandValue('${{ fromJSON(needs.plan.outputs.shards) }}', scope)).toEqual([1, 2, 3]);
  });

  it('if: adds success() unless a status function is named', () => {
    expect(condition("matrix.shard == 2", { ...scope, jobFailed: true })).toBe(false);
    expect(condition('failure()', { ...scope, jobFailed: true })).toBe(true);
    expect(condition('always() && matrix.shard == 2', { ...scope, jobFailed: true })).toBe(true);
    expect(condition(undefined, scope)).toBe(true);
  });

  it('names what it cannot evaluate', () => {
    expect(() => evaluate('vars.X', scope)).toThrow(/unknown context "vars"/);
    expect(() => evaluate("hashFiles('**/x')", scope)).toThrow(/does not evaluate hashFiles\(\)/);
    expect(() => evaluate("'open", scope)).toThrow(/unterminated string/);
  });
});

describe('matrices', () => {
  it('crosses the axes, drops exclusions and merges inclusions as GitHub does', () => {
    const combos = expandMatrix({
      os: ['a', 'b'], shard: [1, 2],
      exclude: [{ os: 'b', shard: 2 }],
      include: [{ os: 'a', extra: 'x' }, { os: 'c', shard: 9 }],
    });
    expect(combos).toEqual([
      { os: 'a', shard: 1, extra: 'x' }, { os: 'a', shard: 2, extra: 'x' }, { os: 'b', shard: 1 }, { os: 'c', shard: 9 },
    ]);
    expect(matrixJobName('execute shard', { shard: 2 })).toBe('execute shard (2)');
    expect(expandMatrix(undefined)).toEqual([{}]);
  });
});
