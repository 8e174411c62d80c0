// A small real chain, built with appendEntry, for the tamper tests.
import { appendEntry, type AuditEntry } from '../../../core/audit/entry.js';

export const PROJECT = 'pg-to-duckdb';

export function chainOf(n: number): AuditEntry[] {
  let chain: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    chain = appendEntry(chain, {
      project_id: PROJECT, actor: i % 2 ? 'alice' : 'migration-copilot[bot]', action: `step.s${i}`,
      subject: `acme/mig#${i + 1}`, reasoning: `entry ${i + 1}`, refs: { commit: `${i}`.repeat(40).slice(0, 40) },
    }, `2026-11-27T10:${String(i).padStart(2, '0')}:00.000Z`);
  }
  return chain;
}
