// HashingValidator: the plan's reconciliation matches the hashing spec (algorithm, version, id), every
// compared column has a canonical form on both sides and the same one, and every key column exists.
// "The same" is recon's rule (core/recon/schema-compare.ts): equal logical types or a lossless storing
// (an enum as its label, a uuid or JSON as text, a zone-less timestamp holding UTC).
import { DEFAULT_HASHING_SPEC, type HashingSpec } from '../hashing/index.js';
import type { Finding } from '../schema/finding.js';
import { comparison } from '../recon/schema-compare.js';
import { REPO_PATHS } from '../repo/paths.js';
import { logicalTypeOf } from './dialect-types.js';
import { findingAt, pointer } from './finding.js';
import type { Validator } from './types.js';


export function hashingValidatorFor(spec: HashingSpec, specPath = 'policies/hashing_spec.json'): Validator {
  return {
    id: 'hashing',
    version: '1.0.0',
    skip: (ctx) => (ctx.plan?.value ? undefined : `${REPO_PATHS.plan} is ${ctx.plan ? 'invalid (see migration/schema)' : 'absent'}`),
    run(ctx) {
      const plan = ctx.plan!.value!;
      const mapping = ctx.mapping?.value;
      const P = REPO_PATHS.plan;
      const M = REPO_PATHS.mapping;
      const out: Finding[] = [];
      const add = (path: string, ptr: string, rule: string, message: string) => out.push(findingAt(ctx, path, ptr, `hashing/${rule}`, message));
      const h = plan.recon.hashing;
      const specName = `${spec.specId} ${spec.version}`;
      if (h.algorithm !== spec.digest) add(P, '/recon/hashing/algorithm', 'algorithm', `algorithm "${h.algorithm}" is not the digest of ${specPath} ("${spec.digest}"); set it to "${spec.digest}"`);
      if (h.spec_version !== spec.version) add(P, '/recon/hashing/spec_version', 'spec-version', `spec_version "${h.spec_version}" differs from ${specPath} (${spec.version}); set it to "${spec.version}"`);
      if (h.spec_id !== undefined && h.spec_id !== spec.specId) add(P, '/recon/hashing/spec_id', 'spec-id', `spec_id "${h.spec_id}" differs from ${specPath} ("${spec.specId}"); set it to "${spec.specId}"`);
      if (!mapping) {
        if (!ctx.mapping) add(P, '/recon/tables', 'no-mapping', `${M} is absent, so no compared column can be checked; add the mapping`);
        return out;
      }

      plan.recon.tables.forEach((rt, ri) => {
        const ti = mapping.tables.findIndex((t) => t.target === rt.target_table);
        const table = mapping.tables[ti];
        if (!table) {
          add(P, pointer('recon', 'tables', ri, 'target_table'), 'unmapped-table', `${rt.target_table} is not a target table of ${M}; map it or remove it from recon`);
          return;
        }
        if (table.source !== rt.source_table) {
          add(P, pointer('recon', 'tables', ri, 'source_table'), 'unmapped-table', `${M} maps ${table.source} to ${rt.target_table}, not ${rt.source_table}; correct source_table`);
        }
        const targets = new Set(table.columns.map((c) => c.target));
        rt.key_columns.forEach((k, ki) => {
          if (!targets.has(k)) add(P, pointer('recon', 'tables', ri, 'key_columns', ki), 'key-column', `key column "${k}" is not a mapped column of ${rt.target_table}; use one of ${[...targets].join(', ')}`);
        });
        (rt.columns ?? []).forEach((c, ci) => {
          if (!targets.has(c)) add(P, pointer('recon', 'tables', ri, 'columns', ci), 'column', `compared column "${c}" is not a mapped column of ${rt.target_table}; remove it or map it`);
        });
        const compared = new Set([...rt.key_columns, ...(rt.columns ?? table.columns.map((c) => c.target))]);
        table.columns.forEach((col, ci) => {
          if (!compared.has(col.target)) return;
          const src = logicalTypeOf(mapping.source_engine, col.source_type);
          const tgt = logicalTypeOf(mapping.target_engine, col.target_type);
          for (const [side, engine, type, logical] of [['source_type', mapping.source_engine, col.source_type, src], ['target_type', mapping.target_engine, col.target_type, tgt]] as const) {
            if (logical === undefined) add(M, pointer('tables', ti, 'columns', ci, side), 'no-canonical-form', `${table.target}.${col.target}: ${engine} type ${type} has no canonical form in hashing spec ${specName}; cast it to a type that has one, or list the other columns in recon.tables[].columns to leave it out`);
          }
          const meaning = src && tgt ? comparison({ logical: src }, { logical: tgt }) : undefined;
          if (meaning && !meaning.same) {
            const why = meaning.as === undefined || meaning.as === 'text' ? 'so row hashes can never match' : `so recon compares them only as ${meaning.as} and reports a schema difference on every run`;
            add(M, pointer('tables', ti, 'columns', ci, 'target_type'), 'logical-mismatch', `${table.target}.${col.target}: the source hashes as ${src} and the target as ${tgt}, ${why}; map to a ${src} type or leave the column out of recon`);
          }
        });
      });
      mapping.tables.forEach((table, ti) => {
        const targets = new Set(table.columns.map((c) => c.target));
        table.key_columns.forEach((k, ki) => {
          if (!targets.has(k)) add(M, pointer('tables', ti, 'key_columns', ki), 'key-column', `key column "${k}" is not a mapped column of ${table.target}; map it or correct the key`);
        });
      });
      plan.steps.forEach((step, si) => {
        if (!step.key_columns || !mapping) return;
        const table = mapping.tables.find((t) => t.target === step.target_table);
        if (!table) return;
        const targets = new Set(table.columns.map((c) => c.target));
        step.key_columns.forEach((k, ki) => {
          if (!targets.has(k)) add(P, pointer('steps', si, 'key_columns', ki), 'key-column', `step ${step.id}: key column "${k}" is not a mapped column of ${step.target_table}`);
        });
      });
      return out;
    },
  };
}

export const hashingValidator: Validator = hashingValidatorFor(DEFAULT_HASHING_SPEC);
