import { describe, it } from 'vitest';
import { hashingValidator } from '../../../core/validators/index.js';
import { check, type Case } from './cases.js';

const M = 'contracts/schema_mapping.yml';
const P = 'plans/migration_plan.json';
const note = 'source: note, target: note, source_type: VARCHAR, target_type: VARCHAR, rule: duck-duck.varchar';
const ordersRecon = '{ "source_table": "main.orders", "target_table": "main.orders", "key_columns": ["order_id"]';

const cases: Case[] = [
  { name: 'the demo passes', expect: [] },
  { name: 'algorithm', edits: [[P, '"algorithm": "md5"', '"algorithm": "sha256"']], expect: [[P, '"algorithm"', 'hashing/algorithm', 'error', /set it to "md5"/]] },
  { name: 'spec version', edits: [[P, '"spec_version": "1.0.0"', '"spec_version": "2.0.0"']], expect: [[P, '"spec_version"', 'hashing/spec-version']] },
  { name: 'spec id', edits: [[P, '"spec_id": "canonical-row-hash"', '"spec_id": "other"']], expect: [[P, '"spec_id"', 'hashing/spec-id']] },
  { name: 'recon key column not mapped', edits: [[P, ordersRecon, ordersRecon.replace('["order_id"]', '["order_no"]')]],
    expect: [[P, '"order_no"', 'hashing/key-column', 'error', /"order_no" is not a mapped column of main\.orders/]] },
  { name: 'compared column not mapped', edits: [[P, ordersRecon, `${ordersRecon}, "columns": ["amount", "colour"]`]], expect: [[P, '"colour"', 'hashing/column']] },
  { name: 'recon table not mapped', edits: [[P, ordersRecon, ordersRecon.replace('"target_table": "main.orders"', '"target_table": "main.payments"')]],
    expect: [[P, '"main.payments"', 'hashing/unmapped-table']] },
  { name: 'recon source differs from the mapping', edits: [[P, ordersRecon, ordersRecon.replace('"source_table": "main.orders"', '"source_table": "main.order_archive"')]],
    expect: [[P, '"main.order_archive"', 'hashing/unmapped-table']] },
  { name: 'no canonical form on either side', edits: [[M, note, 'source: note, target: note, source_type: POINT, target_type: POINT']],
    expect: [[M, 'source: note', 'hashing/no-canonical-form', 'error', /POINT has no canonical form in hashing spec canonical-row-hash 1\.0\.0/], [M, 'source: note', 'hashing/no-canonical-form']] },
  { name: 'a column left out of recon is not hashed', edits: [[M, note, 'source: note, target: note, source_type: POINT, target_type: POINT'], [P, ordersRecon, `${ordersRecon}, "columns": ["amount", "status"]`]],
    expect: [] },
  { name: 'different logical types', edits: [[M, note, 'source: note, target: note, source_type: VARCHAR, target_type: INTEGER']],
    expect: [[M, 'source: note', 'hashing/logical-mismatch', 'error', /source hashes as string and the target as integer/]] },
  { name: 'different logical types recon can compare only through one of them', edits: [[M, note, 'source: note, target: note, source_type: INTEGER, target_type: DOUBLE']],
    expect: [[M, 'source: note', 'hashing/logical-mismatch', 'error', /source hashes as integer and the target as float, so recon compares them only as float/]] },
  { name: 'a uuid stored as text agrees by recon\'s rule', edits: [[M, note, 'source: note, target: note, source_type: UUID, target_type: VARCHAR']], expect: [] },
  { name: 'timestamp and timestamptz agree by the spec', edits: [[M, 'source_type: TIMESTAMP, target_type: TIMESTAMP', 'source_type: TIMESTAMP WITH TIME ZONE, target_type: TIMESTAMP']], expect: [] },
  { name: 'mapping key column not mapped', edits: [[M, 'key_columns: [order_id]', 'key_columns: [order_key]']], expect: [[M, 'key_columns: [order_key]', 'hashing/key-column']] },
  { name: 'step key column not mapped', edits: [[P, '"key_columns": ["customer_id"], "mode": "merge"', '"key_columns": ["customer_key"], "mode": "merge"']], expect: [[P, '"customer_key"', 'hashing/key-column']] },
  { name: 'no mapping', extra: { [M]: undefined }, expect: [[P, '"tables": [', 'hashing/no-mapping']] },
];

describe('HashingValidator', () => {
  it.each(cases)('$name', (c) => check(hashingValidator, c));
});
