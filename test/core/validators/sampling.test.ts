import { describe, it } from 'vitest';
import { samplingValidator } from '../../../core/validators/index.js';
import { check, type Case } from './cases.js';

const P = 'plans/migration_plan.json';
const sampling = '"sampling": { "method": "hash", "rate": 0.1, "seed": "demo-orders-2026" }';
const withSampling = (s: string): Case['edits'] => [[P, sampling, `"sampling": ${s}`]];

const cases: Case[] = [
  { name: 'the demo passes', expect: [] },
  { name: 'random method', edits: withSampling('{ "method": "random", "rate": 0.1, "seed": "x" }'), expect: [[P, '"sampling"', 'sampling/method', 'error', /use "hash"/]] },
  ...['${RUN_ID}', '{{ ds }}', '$(date +%s)', 'now', 'RANDOM'].map((seed): Case => ({
    name: `seed ${seed} is not fixed`, edits: withSampling(`{ "method": "hash", "rate": 0.1, "seed": ${JSON.stringify(seed)} }`), expect: [[P, '"sampling"', 'sampling/seed-not-fixed']],
  })),
  { name: 'a fixed seed that mentions a date is fine', edits: withSampling('{ "method": "hash", "rate": 0.1, "seed": "orders-date-2026" }'), expect: [] },
  { name: 'blank seed', edits: withSampling('{ "method": "hash", "rate": 0.1, "seed": "   " }'), expect: [[P, '"sampling"', 'sampling/seed-missing']] },
  { name: 'rate below the policy minimum', edits: withSampling('{ "method": "hash", "rate": 0.001, "seed": "x" }'), expect: [[P, '"sampling"', 'sampling/rate-below-min', 'error', /at least 0\.01/]] },
  { name: 'rate at the minimum', edits: withSampling('{ "method": "hash", "rate": 0.01, "seed": "x" }'), expect: [] },
  ...['random() < 0.1', 'order_id % 10 = extract(second from now())', 'ordered_at > current_date - 7', 'true USING SAMPLE 10%', 'uuid() IS NOT NULL'].map((expr): Case => ({
    name: `expression ${expr}`, edits: withSampling(`{ "method": "hash", "rate": 0.1, "seed": "x", "expression": ${JSON.stringify(expr)} }`), expect: [[P, '"sampling"', 'sampling/nondeterministic']],
  })),
  { name: 'a deterministic expression', edits: withSampling('{ "method": "hash", "rate": 0.1, "seed": "x", "expression": "order_id % 10 = 3" }'), expect: [] },
];

describe('SamplingValidator', () => {
  it.each(cases)('$name', (c) => check(samplingValidator, c));
});
