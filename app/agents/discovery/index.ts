// DiscoveryAgent: the raw catalog becomes discovery/discovery_report.json: objects, partitions, keys,
// dependencies (views over relations, foreign keys), what the catalog could not show, and a
// pre-migration assessment for the target, each item graded simple/medium/significant as AWS SCT
// grades its conversion actions, with a total for the pull request's summary.
import { coercionsFrom } from '../../../core/policy/rulebook.js';
import type { DiscoveryReport } from '../../../core/types/generated.js';
import { jsonFile } from '../orchestrator.js';
import { dataTables, legalRelation, qualified, views } from '../names.js';
import { ReasoningLog } from '../reasoning.js';
import type { Agent, AgentContext, AgentOutput, Column as SourceColumn, Relation as SourceRelation } from '../types.js';

type Item = NonNullable<DiscoveryReport['assessment']>['items'][number];
type Table = DiscoveryReport['tables'][number];

const LARGE_TABLE_BYTES = 10 * 1024 ** 3;
const PARTITIONING: ReadonlySet<string> = new Set(['postgres', 'mysql', 'mariadb', 'snowflake', 'redshift', 'hive', 'parquet']);

export interface DiscoveryInput {
  readonly targetEngine: DiscoveryReport['engine'];
}

export function sourceTypeOf(c: SourceColumn): string {
  if (c.type_kind === 'enum') return 'enum';
  if (c.type_kind === 'domain' && c.domain_base) return c.domain_base;
  if (c.type_kind === 'array' && c.element_type) return `${c.element_type}[]`;
  return c.type;
}

function table(r: SourceRelation, partitions: readonly SourceRelation[]): Table {
  const kind = r.kind === 'view' ? 'view' : r.kind === 'materialized_view' ? 'materialized_view' : r.kind === 'foreign_table' ? 'external' : 'table';
  return {
    name: qualified(r), kind,
    ...(r.row_estimate !== null && r.row_estimate !== undefined ? { row_count_estimate: r.row_estimate } : {}),
    ...(r.bytes_estimate ? { bytes_estimate: r.bytes_estimate } : {}),
    columns: r.columns.map((c) => ({
      name: c.name, type: c.type.slice(0, 200), nullable: c.nullable, ordinal: c.ordinal, type_kind: c.type_kind,
      ...(c.default !== null && c.default !== undefined ? { default: c.default } : {}),
      ...(c.enum_values ? { enum_values: [...c.enum_values] } : {}),
      ...(c.element_type ? { element_type: c.element_type } : {}),
      ...(c.domain_base ? { domain_base: c.domain_base } : {}),
      ...(c.generated ? { generated: c.generated } : {}),
      ...(c.comment ? { comment: c.comment } : {}),
    })),
    ...(r.primary_key.length > 0 ? { primary_key: [...r.primary_key] } : {}),
    ...(r.unique_keys.length > 0 ? { unique_keys: r.unique_keys.map((k) => [...k]) } : {}),
    ...(r.foreign_keys.length > 0 ? { foreign_keys: r.foreign_keys.map((f) => ({ columns: [...f.columns], references: { table: `${f.references.schema}.${f.references.name}`, columns: [...f.references.columns] } })) } : {}),
    ...(r.partition_key ? { partition_key: r.partition_key, partitioned_by: partitionColumns(r) } : {}),
    ...(partitions.length > 0 ? { partitions: partitions.map((p) => ({ name: qualified(p), ...(p.partition_bound ? { bound: p.partition_bound } : {}), ...(p.row_estimate ? { row_count_estimate: p.row_estimate } : {}) })) } : {}),
    ...(r.view_sql ? { view_sql: r.view_sql.trim() } : {}),
    ...(r.depends_on && r.depends_on.length > 0 ? { depends_on: [...r.depends_on] } : {}),
    ...(r.comment ? { comment: r.comment } : {}),
  };
}

function partitionColumns(r: SourceRelation): string[] {
  const inner = /\(([^)]*)\)/.exec(r.partition_key ?? '')?.[1] ?? '';
  return inner.split(',').map((s) => s.trim().replace(/^"|"$/g, '')).filter((s) => r.columns.some((c) => c.name === s));
}

function run(input: DiscoveryInput, ctx: AgentContext): AgentOutput {
  const catalog = ctx.catalog;
  if (!catalog) throw new Error('DiscoveryAgent needs the source catalog (run discover first)');
  const log = new ReasoningLog('DiscoveryAgent', agent.version);
  const items: Item[] = [];
  const assess = (object: string, category: Item['category'], grade: Item['grade'], detail: string) =>
    items.push({ id: `a-${String(items.length + 1).padStart(3, '0')}`, object, category, grade, detail });
  const target = input.targetEngine;
  const source = catalog.engine;

  const legal = catalog.relations.filter((r) => legalRelation(r));
  for (const r of catalog.relations.filter((x) => !legalRelation(x))) {
    log.limitation(`${r.schema}.${r.name}: its name or a column name cannot be written in the repository's artifacts; left out`);
  }
  const tables = dataTables(legal);
  const viewList = views(legal);
  const report: Table[] = [...tables, ...viewList]
    .map((r) => table(r, legal.filter((p) => p.kind === 'partition' && p.partition_of === qualified(r))))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const inScopeTables = new Set(tables.map(qualified));
  for (const r of tables) {
    const name = qualified(r);
    const keyed = r.primary_key.length > 0 || r.unique_keys.length > 0;
    log.decide({
      table: name, decision: `${r.kind === 'partitioned_table' ? 'partitioned table' : 'table'} in scope, ${r.columns.length} columns, about ${r.row_estimate ?? 'unknown'} rows, key ${r.primary_key.length > 0 ? `(${r.primary_key.join(', ')})` : keyed ? 'by a unique constraint' : 'none'}`,
      citations: [{ kind: 'catalog', object: name, detail: r.primary_key.length > 0 ? `primary key (${r.primary_key.join(', ')})` : 'no primary key' }],
      confidence: 1, ...(r.row_estimate === null ? { limitations: ['row count is the planner estimate; profiling counts exactly'] } : {}),
    });
    if (!keyed) assess(name, 'no_key', 'medium', 'no primary or unique key: rows cannot be merged or reconciled by key; choose a key (MappingAgent proposes one from the profile)');
    if (r.kind === 'partitioned_table') {
      assess(name, 'partitioning', PARTITIONING.has(target) ? 'simple' : 'medium', PARTITIONING.has(target)
        ? `partitioned by ${r.partition_key}; ${target} can partition the same way`
        : `partitioned by ${r.partition_key}; ${target} has no declarative partitioning: loaded as one table`);
    }
    // A key into a table the scope leaves out: the target cannot hold the constraint (its rows are not there),
    // and whoever reviews the plan should decide whether that table belongs in the scope.
    for (const f of r.foreign_keys) {
      const to = `${f.references.schema}.${f.references.name}`;
      if (!inScopeTables.has(to)) {
        assess(name, 'outside_scope', 'medium', `foreign key ${f.name} (${f.columns.join(', ')}) references ${to}, which is not in the scope: the target will not enforce it; add ${to} to the scope or accept unchecked references`);
      }
    }
    if ((r.bytes_estimate ?? 0) > LARGE_TABLE_BYTES) assess(name, 'large_object', 'medium', `about ${Math.round((r.bytes_estimate ?? 0) / 1024 ** 3)} GiB: loaded in shards`);
    for (const c of r.columns) {
      const object = `${name}.${c.name}`;
      const candidates = coercionsFrom(ctx.rulebook, { engine: source, type: sourceTypeOf(c) }, target);
      if (source !== target && candidates.length === 0) {
        assess(object, 'type_not_holdable', 'significant', `${c.type}: the rulebook has no rule from ${source} to ${target}; needs a manual decision`);
      } else if (candidates.length > 0 && candidates.every((e) => e.verdict !== 'safe')) {
        assess(object, 'type_not_holdable', 'medium', `${c.type}: only ${candidates.map((e) => `${e.id} (${e.verdict})`).join(', ')}; needs a manual decision`);
      }
      if (/^(bytea|blob|longblob|mediumblob|longtext|mediumtext)$/i.test(sourceTypeOf(c))) assess(object, 'large_object', 'simple', `${c.type}: binary or long values, streamed in batches`);
      if (c.generated) assess(object, 'generated_column', 'medium', `generated (${c.generated_kind ?? 'stored'}) as ${c.generated}; the target copies the values or recomputes them`);
      if (c.type_kind === 'enum' || c.type_kind === 'domain') {
        assess(object, 'user_type', c.type_kind === 'domain' ? 'medium' : 'simple', c.type_kind === 'domain'
          ? `domain ${c.type_name} over ${c.domain_base}; its checks are not carried by the type mapping`
          : `enum ${c.type_name} (${(c.enum_values ?? []).length} labels)`);
      }
    }
  }
  for (const v of viewList) {
    const name = qualified(v);
    log.decide({
      table: name, decision: `${v.kind === 'materialized_view' ? 'materialized view' : 'view'} reading ${(v.depends_on ?? []).join(', ') || 'nothing in scope'}; RewriteAgent translates it`,
      citations: [{ kind: 'catalog', object: name, detail: 'view definition' }], confidence: 1,
      limitations: ['functions the view calls were not read'],
    });
    assess(name, 'untranslatable_code', source === target ? 'simple' : 'medium', `view SQL in the ${source} dialect; translated to ${target} and proven by execution where both engines are reachable`);
  }
  for (const what of catalog.not_visible) {
    log.limitation(`could not see: ${what}`);
    assess(source, 'not_visible', /function|trigger|polic/.test(what) ? 'significant' : 'simple', `not read: ${what}`);
  }
  const totals = { simple: 0, medium: 0, significant: 0, total: items.length };
  for (const i of items) totals[i.grade]++;
  const dependencies: NonNullable<DiscoveryReport['dependencies']> = [
    ...viewList.flatMap((v) => (v.depends_on ?? []).map((d) => ({ from: qualified(v), to: d, kind: 'view' as const }))),
    ...tables.flatMap((t) => t.foreign_keys.map((f) => ({ from: qualified(t), to: `${f.references.schema}.${f.references.name}`, kind: 'foreign_key' as const }))),
    ...legal.filter((p) => p.kind === 'partition' && p.partition_of).map((p) => ({ from: qualified(p), to: p.partition_of!, kind: 'partition' as const })),
  ];
  const doc: DiscoveryReport = {
    project_id: ctx.project.project_id, engine: source, engine_version: catalog.engine_version, discovered_at: catalog.captured_at,
    scope: [...ctx.project.scope], tables: report, types: [
      ...catalog.enums.map((e) => ({ name: `${e.schema}.${e.name}`, kind: 'enum' as const, values: [...e.values] })),
      ...catalog.domains.map((d) => ({ name: `${d.schema}.${d.name}`, kind: 'domain' as const, base_type: d.base_type, checks: [...d.checks] })),
    ],
    dependencies, not_visible: [...catalog.not_visible], assessment: { target_engine: target, items, totals },
  };
  const summary = `Discovered ${tables.length} tables and ${viewList.length} views in ${catalog.schemas.length} schemas of ${source} ${catalog.engine_version}. ` +
    `Assessment for ${target}: ${totals.total} items (${totals.simple} simple, ${totals.medium} medium, ${totals.significant} significant).`;
  return {
    proposal: { kind: 'discovery', summary, files: [{ path: 'discovery/discovery_report.json', content: jsonFile(doc), schema: 'discovery_report' }], decisions: [], value: doc },
    reasoning: log.build('discovery', []),
  };
}

export const agent: Agent<DiscoveryInput> = { name: 'DiscoveryAgent', version: '1.0.0', run };
