// Rendered markdown of the agents against expected files in test/golden/agents/: the cutover and
// rollback runbooks for a small plan with the roles of a config, and a diff explanation.
// UPDATE_GOLDEN=1 rewrites them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agent as cutover } from '../../../app/agents/cutover/index.js';
import { agent as diff } from '../../../app/agents/diff-explainer/index.js';
import { runAgent } from '../../../app/agents/orchestrator.js';
import { MemorySink } from '../../../app/agents/sink.js';
import type { MigrationPlan } from '../../../core/types/generated.js';
import { smallContext } from './context.js';

const GOLDEN = join(import.meta.dirname, '..', '..', 'golden', 'agents');

function golden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  expect(existsSync(path), `${path} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

const plan: MigrationPlan = {
  plan_id: 'unit-plan', version: 2, project_id: 'unit', archetype_id: 'postgres-duckdb',
  source: { engine: 'postgres', connection: 'source' }, target: { engine: 'duckdb', connection: 'target' },
  steps: [{ id: 'create-shop-customers', kind: 'create_table', target_table: 'shop.customers' }],
  recon: { hashing: { algorithm: 'md5', spec_version: '1.0.0' }, sampling: { method: 'hash', rate: 0.05, seed: 's' },
    tables: [{ source_table: 'shop.customers', target_table: 'shop.customers', key_columns: ['id'] }] },
  tolerances: {},
};
const config = 'roles:\n  release_manager: { users: [rita] }\n  data_owner: { users: [dora] }\n  qa_lead: { users: [quinn], teams: [acme/qa] }\n  tech_lead: { users: [alice] }\n';

describe('agents: rendered markdown', () => {
  it('cutover and rollback runbooks name owners from the roles', async () => {
    const run = await runAgent(cutover, { plan }, { ...smallContext(), files: { '.migration/config.yml': config } }, new MemorySink());
    golden('cutover.md', run.files.find((f) => f.path === 'runbooks/cutover.md')!.content);
    golden('rollback.md', run.files.find((f) => f.path === 'runbooks/rollback.md')!.content);
  });

  it('a diff explanation', async () => {
    const report = { tables: [{ source_table: 'shop.customers', target_table: 'shop.customers', missing_keys: [], extra_keys: [['9']],
      differences: { missing: 0, extra: 1, mismatched: 2 }, mismatched_rows: [
        { key: ['1'], columns: [{ column: 'signup_at', source: '2026-01-01 10:00:00+00', target: '2026-01-01 09:00:00+00' }] },
        { key: ['2'], columns: [{ column: 'city', source: 'Paris', target: 'PARIS' }] }] }] };
    const run = await runAgent(diff, { report: 'reconciliation/v2/recon_report.json' }, { ...smallContext(), files: { 'reconciliation/v2/recon_report.json': JSON.stringify(report) } }, new MemorySink());
    golden('diff_explanation.md', run.files[0]!.content);
  });
});
