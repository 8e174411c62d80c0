// The drift rule (pure): a live table's columns against the snapshot the plan was built from. A column
// added, dropped or retyped is a difference, named. Types compare by their base name after the usual
// aliases (int4 = integer, character varying = varchar, timestamptz = timestamp with time zone, ...)
// and by scale where both sides state one, because catalogs spell the same type differently
// (information_schema says "numeric" where a discovery report says "numeric(18,4)").
import type { CatalogColumn } from '../../core/dialects/index.js';

export interface SnapshotColumn {
  readonly name: string;
  readonly type: string;
}

const ALIASES: Record<string, string> = {
  int: 'integer', int4: 'integer', signed: 'integer', int8: 'bigint', int2: 'smallint',
  float8: 'double', 'double precision': 'double', float4: 'real', float: 'real',
  bool: 'boolean', 'character varying': 'varchar', character: 'char', bpchar: 'char',
  timestamptz: 'timestamp with time zone', 'timestamp without time zone': 'timestamp',
  'time without time zone': 'time', timetz: 'time with time zone', decimal: 'numeric', blob: 'bytea',
};

function parse(type: string): { base: string; scale: number | null } {
  const t = type.toLowerCase().trim().replace(/\s+/g, ' ');
  const m = /^([a-z ]+?)\s*\((\d+)(?:\s*,\s*(\d+))?\)(.*)$/.exec(t);
  const rawBase = m ? `${m[1]}${m[4] ?? ''}`.trim() : t;
  const base = ALIASES[rawBase] ?? rawBase;
  const scale = m && m[3] !== undefined && base === 'numeric' ? Number(m[3]) : null;
  return { base, scale };
}

export function sameType(snapshot: string, live: CatalogColumn): boolean {
  const a = parse(snapshot);
  const b = parse(live.dataType);
  // information_schema names every array "ARRAY" and every enum or composite "USER-DEFINED".
  if (b.base === 'array') return a.base.endsWith('[]') || a.base === 'array';
  if (b.base === 'user-defined') return true;
  if (a.base !== b.base) return false;
  const liveScale = b.scale ?? (a.base === 'numeric' ? live.scale : null);
  return a.scale === null || liveScale === null || a.scale === liveScale;
}

/** The differences between a snapshot and the live columns, one sentence each; empty when none. */
export function columnDrift(snapshot: readonly SnapshotColumn[], live: readonly CatalogColumn[]): string[] {
  if (live.length === 0) return ['the table does not exist'];
  const out: string[] = [];
  const liveByName = new Map(live.map((c) => [c.name, c]));
  const snapByName = new Map(snapshot.map((c) => [c.name, c]));
  for (const s of snapshot) {
    const l = liveByName.get(s.name);
    if (!l) out.push(`column ${s.name} (${s.type}) was dropped`);
    else if (!sameType(s.type, l)) out.push(`column ${s.name} was retyped: ${s.type} then, ${l.dataType}${l.scale !== null && /numeric|decimal/.test(l.dataType) ? ` (scale ${l.scale})` : ''} now`);
  }
  for (const l of live) if (!snapByName.has(l.name)) out.push(`column ${l.name} (${l.dataType}) was added`);
  return out;
}
