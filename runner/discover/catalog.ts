// Reads the raw catalog of a source through a read-only connection: the engine's catalog queries
// (core/dialects/catalog/<engine>.ts) run once each and their rows are assembled into a
// source_catalog document. Scope patterns filter relations; enums and domains are kept when a
// column in scope uses them.
import { inScope } from '../../core/dialects/catalog/scope.js';
import type { CatalogQueries } from '../../core/dialects/catalog/types.js';
import type { SourceCatalog, SourceColumn, SourceRelation } from '../../core/types/generated.js';
import type { ReadConnection, Row } from '../connectors/connection.js';

export interface CatalogOptions {
  readonly scope: readonly string[];
  /** ISO time of the capture (the caller's clock). */
  readonly capturedAt: string;
}

const key = (schema: string, name: string) => `${schema}.${name}`;

function str(r: Row, k: string): string {
  return r[k] ?? '';
}

function json<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  return JSON.parse(text) as T;
}

function int(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text === '') return null;
  const n = Math.round(Number(text));
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function bool(text: string | null | undefined): boolean {
  return text === 'true' || text === 't' || text === '1' || text === 'YES';
}

function column(r: Row, enums: ReadonlyMap<string, readonly string[]>): SourceColumn {
  const kind = str(r, 'type_kind') as SourceColumn['type_kind'];
  const typeName = r.type_name ?? null;
  const values = kind === 'enum' && typeName !== null ? enums.get(typeName) : undefined;
  // MySQL keeps labels in the column type: ['a','b''c'] (SQL quoting, not JSON).
  const inline = r.enum_values ? [...r.enum_values.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'")) : undefined;
  const generatedKind = r.generated_kind === 'stored' || r.generated_kind === 'virtual' ? r.generated_kind : null;
  return {
    name: str(r, 'column_name'), ordinal: Number(r.ordinal), type: str(r, 'data_type'), type_kind: kind,
    type_name: typeName, element_type: r.element_type ?? null, domain_base: r.domain_base ?? null,
    ...(values ?? inline ? { enum_values: [...(values ?? inline ?? [])] } : {}),
    nullable: bool(r.nullable), default: r.default_expr ?? null, generated: r.generated_expr ?? null,
    generated_kind: generatedKind, identity: bool(r.is_identity), comment: r.comment || null,
  };
}

export async function readCatalog(conn: ReadConnection, q: CatalogQueries, opts: CatalogOptions): Promise<SourceCatalog> {
  const [versionRows, relationRows, columnRows, constraintRows, enumRows, domainRows, depRows, hiddenRows] = [
    await conn.query(q.version), await conn.query(q.relations), await conn.query(q.columns), await conn.query(q.constraints),
    await conn.query(q.enums), await conn.query(q.domains), await conn.query(q.viewDependencies), await conn.query(q.notVisible),
  ];
  const version = str(versionRows[0] ?? {}, 'version');
  const engine = conn.engine === 'mysql' && /mariadb/i.test(version) ? 'mariadb' : conn.engine;
  const enumValues = new Map(enumRows.map((r) => [key(str(r, 'schema_name'), str(r, 'name')), json<string[]>(r.labels, [])]));

  const relations = new Map<string, SourceRelation>();
  for (const r of relationRows) {
    const schema = str(r, 'schema_name');
    const name = str(r, 'name');
    const partitionOf = r.partition_of ?? null;
    const parent = partitionOf?.split('.');
    // A partition is in scope with its parent, so a scope naming the parent keeps its partitions.
    if (!inScope(schema, name, opts.scope) && !(parent && inScope(parent[0]!, parent[1]!, opts.scope))) continue;
    const kind = str(r, 'kind') as SourceRelation['kind'];
    relations.set(key(schema, name), {
      schema, name, kind, row_estimate: int(r.row_estimate), bytes_estimate: int(r.bytes_estimate), comment: r.comment || null,
      ...(kind === 'view' || kind === 'materialized_view' ? { view_sql: r.view_sql ?? null, depends_on: [] } : {}),
      ...(kind === 'partitioned_table' ? { partition_key: r.partition_key ?? null } : {}),
      ...(kind === 'partition' ? { partition_of: partitionOf, partition_bound: r.partition_bound ?? null } : {}),
      columns: [], primary_key: [], unique_keys: [], foreign_keys: [], checks: [],
    });
  }
  for (const r of columnRows) relations.get(key(str(r, 'schema_name'), str(r, 'table_name')))?.columns.push(column(r, enumValues));
  for (const r of constraintRows) {
    const rel = relations.get(key(str(r, 'schema_name'), str(r, 'table_name')));
    if (!rel) continue;
    const cols = json<string[]>(r.columns, []);
    const k = str(r, 'kind');
    if (k === 'primary') rel.primary_key = cols;
    else if (k === 'unique') rel.unique_keys.push(cols);
    else if (k === 'foreign') {
      rel.foreign_keys.push({ name: str(r, 'name'), columns: cols,
        references: { schema: str(r, 'ref_schema'), name: str(r, 'ref_table'), columns: json<string[]>(r.ref_columns, []) } });
    } else rel.checks!.push(str(r, 'definition'));
  }
  for (const r of depRows) {
    const rel = relations.get(key(str(r, 'schema_name'), str(r, 'name')));
    const dep = key(str(r, 'ref_schema'), str(r, 'ref_name'));
    if (rel?.depends_on && !rel.depends_on.includes(dep)) rel.depends_on.push(dep);
  }
  // A partitioned table's estimate is its partitions' sum (its own is empty).
  for (const rel of relations.values()) {
    if (rel.kind !== 'partitioned_table') continue;
    const parts = [...relations.values()].filter((p) => p.partition_of === key(rel.schema, rel.name));
    if (parts.length > 0) rel.row_estimate = parts.reduce((s, p) => s + (p.row_estimate ?? 0), 0);
  }
  for (const rel of relations.values()) rel.depends_on?.sort();
  const used = new Set([...relations.values()].flatMap((r) => r.columns.map((c) => c.type_name ?? '')));
  const list = [...relations.values()];
  return {
    engine, engine_version: version, captured_at: opts.capturedAt, scope: [...opts.scope],
    schemas: [...new Set(list.map((r) => r.schema))].sort(),
    relations: list,
    enums: enumRows.filter((r) => used.has(key(str(r, 'schema_name'), str(r, 'name'))))
      .map((r) => ({ schema: str(r, 'schema_name'), name: str(r, 'name'), values: json<string[]>(r.labels, []) })),
    domains: domainRows.filter((r) => used.has(key(str(r, 'schema_name'), str(r, 'name'))))
      .map((r) => ({ schema: str(r, 'schema_name'), name: str(r, 'name'), base_type: str(r, 'base_type'), not_null: bool(r.not_null), checks: json<string[]>(r.checks, []) })),
    not_visible: hiddenRows.filter((r) => Number(r.n) > 0).map((r) => `${r.n} ${str(r, 'what')}`),
  };
}
