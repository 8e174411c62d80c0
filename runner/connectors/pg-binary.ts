// When a PostgreSQL -> PostgreSQL chunk may travel in PostgreSQL's binary COPY format: only when every
// column goes in as it is (no cast template) into a staging column whose type, as the catalog writes it
// (format_type: base type and modifier), is the source column's very own, and that type is a built-in
// scalar whose binary form carries no server-specific OID or setting. Binary receive then rebuilds the
// exact value the source sent (numeric digits and scale, timestamptz as microseconds since 2000 UTC),
// applying the same type modifier the text input would. Anything else (arrays, enums, composites, money,
// xml, a type that differs in the least) goes as CSV, whose text the target's input functions read.
import type { CatalogColumn } from '../../core/dialects/index.js';
import type { TransferColumn } from '../../core/plan/transfer.js';

/** Built-in types (format_type's names, modifiers removed) whose binary send and receive are exact inverses. */
const BINARY_SAFE = new Set([
  'smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision', 'boolean',
  'text', 'character varying', 'character', 'bytea', 'uuid', 'json', 'jsonb',
  'date', 'time without time zone', 'time with time zone', 'timestamp without time zone', 'timestamp with time zone', 'interval',
  'inet', 'cidr', 'macaddr', 'macaddr8', 'bit', 'bit varying',
]);

/** A format_type name without its modifiers: numeric(18,4) -> numeric, timestamp(3) with time zone -> timestamp with time zone. */
export function baseTypeName(formatted: string): string {
  const t = formatted.toLowerCase().replace(/\(\s*\d+\s*(,\s*\d+\s*)?\)/g, '').replace(/\s+/g, ' ').trim();
  return t.startsWith('interval') ? 'interval' : t;
}

/** Why the columns cannot go as binary COPY, or undefined when they can. */
export function binaryCopyRefusal(columns: readonly TransferColumn[], staging: readonly CatalogColumn[]): string | undefined {
  const types = new Map(staging.map((c) => [c.name, c.dataType.toLowerCase().trim()]));
  for (const c of columns) {
    if (c.cast) return `${c.target} is cast by the mapping`;
    const target = types.get(c.target);
    if (target === undefined) return `${c.target} is not a column of staging`;
    const source = c.sourceType.toLowerCase().trim();
    if (source !== target) return `${c.target} is ${source} in the source and ${target} in staging`;
    if (!BINARY_SAFE.has(baseTypeName(source))) return `${c.target} is ${source}, which goes as text`;
  }
  return undefined;
}
