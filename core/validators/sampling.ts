// SamplingValidator: reconciliation samples the same rows on every engine and in every run, so the
// method must be the keyed hash, the seed a fixed value, the rate within the policy, and any sampling
// expression free of clocks and random numbers.
import type { Finding } from '../schema/finding.js';
import { REPO_PATHS } from '../repo/paths.js';
import { findingAt } from './finding.js';
import { rulesContext, rulesOrigin } from './rules.js';
import type { Validator } from './types.js';

/** Seeds that are templates or words for "pick one at run time". */
const UNFIXED_SEED = [/\$\{/, /\$\(/, /\{\{/, /`/, /%\(/, /^\s*(random|now|auto|today|time|none|null)\s*$/i];

/** SQL that differs per run or per engine: clocks, random numbers, engine sampling clauses. */
const NONDETERMINISTIC = [
  'random', 'rand', 'uuid', 'gen_random_uuid', 'uuid_generate_v4', 'newid', 'now', 'current_timestamp', 'current_date',
  'current_time', 'localtimestamp', 'localtime', 'sysdate', 'getdate', 'systimestamp', 'clock_timestamp',
  'statement_timestamp', 'transaction_timestamp', 'timeofday', 'unix_timestamp', 'utc_timestamp', 'seq4', 'uniform',
].map((name) => ({ name, re: new RegExp(`\\b${name}\\b`, 'i') }));
const SAMPLING_CLAUSES = [{ name: 'TABLESAMPLE', re: /\btablesample\b/i }, { name: 'USING SAMPLE', re: /\busing\s+sample\b/i }, { name: 'SAMPLE', re: /\bsample\s*\(/i }];

export const samplingValidator: Validator = {
  id: 'sampling',
  version: '1.0.0',
  skip: (ctx, opts) => (ctx.plan?.value ? undefined : `${REPO_PATHS.plan} is ${ctx.plan ? 'invalid (see migration/schema)' : 'absent'}`)
    ?? (rulesContext(ctx, opts).policy.value ? undefined : `${rulesOrigin(opts)}${rulesContext(ctx, opts).policy.path} is invalid (see migration/schema)`),
  run(ctx, opts) {
    const s = ctx.plan!.value!.recon.sampling;
    const rules = rulesContext(ctx, opts);
    const policy = rules.policy.value!.sampling;
    const P = REPO_PATHS.plan;
    const out: Finding[] = [];
    const add = (field: string, rule: string, message: string) => out.push(findingAt(ctx, P, `/recon/sampling/${field}`, `sampling/${rule}`, message));
    if (s.method !== policy.method) {
      add('method', 'method', `method "${s.method}" is not deterministic by the policy; use "${policy.method}" (rows chosen by a hash of key and seed)`);
    }
    if (policy.seed_required && s.seed.trim() === '') add('seed', 'seed-missing', 'the policy requires a seed; set a fixed string such as the plan id and year');
    else if (UNFIXED_SEED.some((re) => re.test(s.seed))) {
      add('seed', 'seed-not-fixed', `seed ${JSON.stringify(s.seed)} is not a fixed value (a template or a run-time word); write the literal seed into the plan`);
    }
    if (s.rate < policy.min_rate) {
      add('rate', 'rate-below-min', `rate ${s.rate} is below the policy's minimum ${policy.min_rate} (${rulesOrigin(opts)}${rules.policy.path}); raise it to at least ${policy.min_rate}`);
    }
    if (s.expression !== undefined) {
      const hits = [...NONDETERMINISTIC, ...SAMPLING_CLAUSES].filter((f) => f.re.test(s.expression!)).map((f) => f.name);
      if (hits.length > 0) {
        add('expression', 'nondeterministic', `expression uses ${hits.join(', ')}, which differ between runs or engines; sample by the key hash only`);
      }
    }
    return out;
  },
};
