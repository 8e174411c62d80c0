// The findings a table gets besides the policy's tolerances: each column whose type differs between
// the catalogs, and a key that is not unique. Both always fail the table: a schema difference is an
// answer the reviewer must see, and duplicated keys cannot be reconciled by key.
import type { SchemaDifference, ToleranceFinding } from './report-types.js';

export function schemaFindings(diffs: readonly SchemaDifference[]): ToleranceFinding[] {
  return diffs.map((d) => ({
    rule: 'schema.column_type', column: d.column, value: 1, max: 0, severity: d.compared_as ? 'Major' : 'Critical', exceeded: true,
    message: `column ${d.column} is ${d.source_type} (${d.source_logical ?? 'not covered by the hashing spec'}) on the source and ` +
      `${d.target_type} (${d.target_logical ?? 'not covered by the hashing spec'}) on the target; ` +
      (d.compared_as === null ? 'its values could not be compared'
        : `values compared as ${d.compared_as === 'text' ? 'canonical text' : d.compared_as}`),
  }));
}

export function duplicateKeyFindings(key: readonly string[], duplicates: number): ToleranceFinding[] {
  if (duplicates === 0) return [];
  return [{
    rule: 'recon.unique_key', column: null, value: duplicates, max: 0, severity: 'Critical', exceeded: true,
    message: `key (${key.join(', ')}) is not unique: ${duplicates} duplicated value(s); rows cannot be matched by key`,
  }];
}
