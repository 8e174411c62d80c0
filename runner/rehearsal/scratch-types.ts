// The column types of the scratch DuckDB a rehearsal loads into. A plan for DuckDB (or a Parquet
// directory, which DuckDB writes) keeps its mapped types; a plan for another engine has each mapped
// target type replaced by the DuckDB type of the same logical type (core/hashing's logical types, read
// by the target engine's dialect), so the rehearsal moves and reconciles the same values. A type with no
// exact DuckDB counterpart (an unconstrained or over-wide decimal, a type the spec does not cover) is
// rehearsed as text, which reconciliation compares through canonical text.
import { dialectFor, type Engine } from '../../core/dialects/index.js';
import type { LogicalType } from '../../core/hashing/types.js';
import { arrayElementType, logicalOf } from '../../core/recon/schema-compare.js';
import type { DeepReadonly } from '../../core/schema/readonly.js';
import type { SchemaMapping } from '../../core/types/generated.js';

const SIMPLE: Partial<Record<LogicalType, string>> = {
  string: 'VARCHAR', boolean: 'BOOLEAN', date: 'DATE', time: 'TIME', timestamp: 'TIMESTAMP', timestamptz: 'TIMESTAMPTZ',
  binary: 'BLOB', uuid: 'UUID', json: 'JSON', enum: 'VARCHAR', interval: 'INTERVAL',
};

function scalarType(engine: Engine, type: string): string {
  const info = logicalOf(dialectFor(engine), { dataType: type.toLowerCase(), scale: null });
  const t = type.toLowerCase();
  switch (info.logical) {
    case 'integer': return /unsigned/.test(t) && /bigint/.test(t) ? 'UBIGINT' : 'BIGINT';
    case 'float': return /^(real|float4|float)$/.test(t.trim()) ? 'FLOAT' : 'DOUBLE';
    case 'decimal': {
      const m = /\(\s*(\d+)\s*,\s*(\d+)\s*\)/.exec(t) ?? /\(\s*(\d+)\s*\)/.exec(t);
      const precision = m ? Number(m[1]) : undefined;
      return precision !== undefined && precision <= 38 ? `DECIMAL(${precision}, ${m?.[2] ?? 0})` : 'VARCHAR';
    }
    case 'array': {
      const el = arrayElementType(t);
      return el === undefined ? 'VARCHAR' : `${scalarType(engine, el)}[]`;
    }
    case undefined: return 'VARCHAR';
    default: return SIMPLE[info.logical] ?? 'VARCHAR';
  }
}

/** The DuckDB type a column mapped to `type` on `engine` is rehearsed as. */
export function scratchType(engine: string, type: string): string {
  if (engine === 'duckdb' || engine === 'parquet' || !(engine in { postgres: 1, mysql: 1, mariadb: 1, redshift: 1, snowflake: 1 })) return type;
  return scalarType((engine === 'mariadb' ? 'mysql' : engine) as Engine, type);
}

/** The mapping with every target type as the scratch DuckDB holds it. */
export function scratchMapping(mapping: DeepReadonly<SchemaMapping> | undefined, engine: string): DeepReadonly<SchemaMapping> | undefined {
  if (!mapping) return undefined;
  return { ...mapping, tables: mapping.tables.map((t) => ({ ...t, columns: t.columns.map((c) => ({ ...c, target_type: scratchType(engine, c.target_type) })) })) };
}
