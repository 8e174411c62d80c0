// MappingAgent: contracts/schema_mapping.yml from the catalog, the profile and the type coercion
// rulebook. Every column gets the rulebook's safe target type when one exists; a lossy one is a
// manual decision carrying the profile's evidence; a type no rule covers (full-text vectors, ranges,
// network types) is a decision; generated columns, personal data and tables without a key are
// decisions; names are made legal in the target. A decision people already resolved is honoured:
// "exclude the column" drops it, "migrate unmasked" clears the masking.
import { stringify } from 'yaml';
import type { SchemaMapping } from '../../../core/types/generated.js';
import { sourceTypeOf } from '../discovery/index.js';
import { DecisionBook } from '../decisions.js';
import { dataTables, legalRelation, qualified } from '../names.js';
import { piiPatterns } from '../profiling/patterns.js';
import { ReasoningLog } from '../reasoning.js';
import type { Agent, AgentContext, AgentOutput, Citation, Column, ManualDecision, Relation } from '../types.js';
import { targetName } from './names.js';
import { chooseTarget, mappingType } from './types.js';

type TableMapping = SchemaMapping['tables'][number];
type ColumnMapping = TableMapping['columns'][number];

export interface MappingInput {
  readonly targetEngine: SchemaMapping['target_engine'];
}

export interface MappedTable {
  readonly mapping: TableMapping;
  readonly relation: Relation;
}

const FALLBACK_TEXT: Readonly<Record<string, string>> = { postgres: 'TEXT', duckdb: 'VARCHAR', mysql: 'LONGTEXT', mariadb: 'LONGTEXT', snowflake: 'VARCHAR', redshift: 'VARCHAR(65535)' };
export const EXCLUDE = 'exclude the column';
/** The text type a cast template names in the source's own SQL (the template runs in the source). */
const TEXT_CAST: Readonly<Record<string, string>> = { postgres: 'TEXT', duckdb: 'VARCHAR', mysql: 'CHAR', mariadb: 'CHAR', redshift: 'VARCHAR', snowflake: 'VARCHAR' };

function chosen(d: ManualDecision): string | undefined {
  return d.status === 'resolved' ? d.resolution?.choice : undefined;
}

function run(input: MappingInput, ctx: AgentContext): AgentOutput {
  const catalog = ctx.catalog;
  if (!catalog) throw new Error('MappingAgent needs the source catalog (run discover first)');
  const log = new ReasoningLog('MappingAgent', agent.version);
  const book = new DecisionBook(ctx.previousDecisions, ctx.raised, 'MappingAgent');
  const target = input.targetEngine;
  // The project names the engine the plan runs against (mysql for a MariaDB server reached as mysql://).
  const source = ctx.project.source.engine;
  const profiled = (t: string, c?: string) => {
    const table = ctx.profile?.tables.find((x) => `${x.schema}.${x.name}` === t);
    return { table, column: c === undefined ? undefined : table?.columns.find((x) => x.name === c) };
  };
  const tables: MappedTable[] = [];

  for (const rel of dataTables(catalog.relations).filter(legalRelation)) {
    const name = qualified(rel);
    const tname = targetName(rel.name, target);
    const sname = targetName(rel.schema, target);
    const targetTable = `${sname.name}.${tname.name}`;
    if (tname.reasons.length + sname.reasons.length > 0) {
      log.decide({ table: name, decision: `target table ${targetTable}: ${[...sname.reasons, ...tname.reasons].join('; ')}`, confidence: 0.9,
        citations: [{ kind: 'catalog', object: name }] });
    }
    const { table: tprof } = profiled(name);
    const limits = tprof && tprof.profiled_rows < tprof.row_count ? [`profile sampled ${tprof.profiled_rows} of ${tprof.row_count} rows`] : [];
    if (!tprof) log.limitation(`${name}: no profile; lossy casts judged by the catalog alone`);
    const columns: ColumnMapping[] = [];
    const renamed = new Map<string, string>();
    for (const col of rel.columns) {
      const m = mapColumn(ctx, log, book, name, col, source, target, limits);
      if (!m) continue;
      renamed.set(col.name, m.target);
      columns.push(m);
    }
    if (columns.length === 0) continue;
    const key = chooseKey(ctx, log, book, rel, name, renamed);
    if (!key) continue;
    if (rel.kind === 'partitioned_table') {
      log.decide({ table: name, decision: `partitioned ${rel.partition_key ?? ''}: ${target === 'duckdb' ? 'DuckDB has no declarative partitioning; loaded as one table, partitions become key ranges for shards' : 'partitioning carried over in the create step'}`,
        citations: [{ kind: 'catalog', object: name, detail: rel.partition_key ?? 'partitioned' }], confidence: 0.9 });
    }
    tables.push({ relation: rel, mapping: { source: name, target: targetTable, key_columns: key, columns } });
  }

  const doc: SchemaMapping = { version: 1, source_engine: source, target_engine: target, tables: tables.map((t) => t.mapping) };
  const header = `# Source -> target tables and columns, proposed by MappingAgent from the catalog, the profile and\n` +
    `# policies/type_coercion_rulebook.json; why each choice was made is in the reasoning of this proposal.\n` +
    `# Lossy or ambiguous choices name a manual decision in contracts/manual_decisions_required.json.\n`;
  const content = header + stringify(doc, { lineWidth: 0 });
  const open = book.raised.filter((d) => d.status === 'open').length;
  const summary = `Mapped ${tables.length} tables (${tables.reduce((s, t) => s + t.mapping.columns.length, 0)} columns) from ${source} to ${target}; ` +
    `${book.raised.length} manual decisions (${open} open).`;
  return {
    proposal: { kind: 'mapping', summary, files: [{ path: 'contracts/schema_mapping.yml', content, schema: 'schema_mapping' }], decisions: book.raised, value: { mapping: doc, tables } },
    reasoning: log.build('mapping', []),
  };
}

function mapColumn(ctx: AgentContext, log: ReasoningLog, book: DecisionBook, table: string, col: Column, source: string, target: string, limits: string[]): ColumnMapping | undefined {
  const object = `${table}.${col.name}`;
  const tname = targetName(col.name, target);
  const prof = ctx.profile?.tables.find((x) => `${x.schema}.${x.name}` === table)?.columns.find((x) => x.name === col.name);
  const srcType = sourceTypeOf(col);
  const sourceText = mappingType(srcType) ?? mappingType(col.type.replace(/\(.*\)$/, ''));
  const cite: Citation[] = [{ kind: 'catalog', object, detail: col.type }];
  const evidence: string[] = [`catalog ${object}: ${col.type}${col.nullable ? '' : ' NOT NULL'}`];
  const figure = (metric: string, value: string | number | boolean | null | undefined) => {
    if (value === undefined || value === null || !prof) return;
    cite.push({ kind: 'profiling', table, column: col.name, metric, value });
    evidence.push(`profile ${object} ${metric} = ${value}`);
  };
  figure('max_scale', prof?.max_scale);
  figure('max_integer_digits', prof?.max_integer_digits);
  figure('max_length', prof?.max_length);
  if ((prof?.patterns?.trailing_whitespace ?? 0) > 0) figure('pattern_trailing_whitespace', prof?.patterns?.trailing_whitespace);

  const choices = sourceText ? chooseTarget(ctx, source, sourceText.toLowerCase(), target, { ...(prof?.max_scale != null ? { scale: prof.max_scale } : {}) }) : [];
  const first = choices[0];
  let mapped: ColumnMapping;
  let decisionId: string | undefined;
  if (first && first.coercion.entry.verdict === 'safe') {
    const e = first.coercion.entry;
    mapped = { source: col.name, target: tname.name, source_type: sourceText!, target_type: mappingType(first.targetType)!, rule: e.id, nullable: col.nullable,
      ...(first.coercion.cast ? { cast: first.coercion.cast } : {}) };
    log.decide({ table, column: col.name, decision: `${col.type} -> ${mapped.target_type} by ${e.id} (safe)${col.type_kind === 'domain' ? `; domain ${col.type_name} mapped to its base type, its checks are not carried` : ''}`,
      citations: [{ kind: 'rulebook', entry: e.id, verdict: 'safe' }, ...cite], confidence: col.type_kind === 'domain' ? 0.85 : 1,
      ...(col.type_kind === 'domain' ? { limitations: ['domain checks are not enforced by the target type'] } : {}) });
  } else if (first) {
    const e = first.coercion.entry;
    const targetType = mappingType(first.targetType)!;
    const d = book.raise({ kind: 'lossy_cast', table, column: col.name,
      question: `${object}: ${col.type} -> ${target} ${targetType} is lossy by rule ${e.id} (${e.note}). Accept it?`,
      options: { [`accept ${targetType}`]: `values are converted as rule ${e.id} says: ${e.note}`, [EXCLUDE]: 'the column is not migrated; the target table has no such column' },
      recommended: `accept ${targetType}`, evidence: [...evidence, `rulebook ${e.id}: lossy`] });
    if (chosen(d) === EXCLUDE) return excluded(log, table, col, d, cite);
    decisionId = d.id;
    mapped = { source: col.name, target: tname.name, source_type: sourceText!, target_type: targetType, rule: e.id, decision: d.id, nullable: col.nullable,
      ...(first.coercion.cast ? { cast: first.coercion.cast } : {}) };
    log.decide({ table, column: col.name, decision: `${col.type} -> ${targetType} by ${e.id} (lossy): left to people as ${d.id}`, manualDecision: d.id,
      citations: [{ kind: 'rulebook', entry: e.id, verdict: 'lossy' }, ...cite], confidence: 0.6, limitations: limits });
  } else {
    const fallback = FALLBACK_TEXT[target] ?? 'TEXT';
    const d = book.raise({ kind: 'unknown_type', table, column: col.name,
      question: `${object}: no rule in policies/type_coercion_rulebook.json maps ${source} ${col.type} to ${target}${col.type === 'tsvector' ? ' (a full-text vector, rebuilt from its text in most targets)' : ''}. Copy its text form as ${fallback}?`,
      options: { [`copy as ${fallback}`]: `the text form of each value is loaded; ${target} cannot operate on it as ${col.type}`, [EXCLUDE]: 'the column is not migrated (rebuild it in the target if it is derived, as full-text vectors are)' },
      recommended: col.type === 'tsvector' ? EXCLUDE : `copy as ${fallback}`, evidence });
    if (chosen(d) === EXCLUDE) return excluded(log, table, col, d, cite);
    decisionId = d.id;
    mapped = { source: col.name, target: tname.name, source_type: sourceText ?? 'TEXT', target_type: fallback, cast: `CAST({col} AS ${TEXT_CAST[source] ?? 'TEXT'})`, decision: d.id, nullable: col.nullable };
    log.decide({ table, column: col.name, decision: `${col.type}: no rulebook entry to ${target}; left to people as ${d.id}`, manualDecision: d.id, citations: cite, confidence: 0.5 });
  }
  if (tname.reasons.length > 0) {
    log.decide({ table, column: col.name, decision: `target column ${tname.name}: ${tname.reasons.join('; ')}`, citations: [{ kind: 'catalog', object }], confidence: 0.9 });
  }
  if (col.generated) {
    const d = book.raise({ kind: 'ambiguous_mapping', table, column: col.name,
      question: `${object} is generated (${col.generated_kind ?? 'stored'}) as ${col.generated}. Copy its values, or recompute it in the target?`,
      options: { 'copy the values': 'the target holds a plain column with the values as the source computed them; later changes to its inputs do not update it',
        'recompute in the target': 'the create step declares a generated column with a translated expression; reviewed by hand', [EXCLUDE]: 'the column is not migrated' },
      recommended: 'copy the values', evidence: [`catalog ${object}: GENERATED ${col.generated}`] });
    if (chosen(d) === EXCLUDE) return excluded(log, table, col, d, cite);
    log.decide({ table, column: col.name, decision: `generated column: values copied unless ${d.id} says otherwise`, manualDecision: d.id, citations: [{ kind: 'catalog', object, detail: col.generated }], confidence: 0.7 });
  }
  const pii = piiOf(ctx, col.name, prof, ctx.profile?.tables.find((x) => `${x.schema}.${x.name}` === table)?.profiled_rows, table);
  if (pii) {
    const masking = pii.masking;
    const d = book.raise({ kind: 'pii_handling', table, column: col.name,
      question: `${object} is personal data (${pii.classification}, by ${pii.by}). The policy masks it as "${masking}". Migrate it masked?`,
      options: { [`apply ${masking}`]: `the target holds the ${masking === 'hash' ? 'hash' : masking} of each value; lookups by the real value no longer work`,
        'migrate unmasked': 'the target holds the values as they are; its access controls must match the source\'s', [EXCLUDE]: 'the column is not migrated' },
      recommended: `apply ${masking}`, evidence: pii.evidence });
    const choice = chosen(d);
    if (choice === EXCLUDE) return excluded(log, table, col, d, cite);
    mapped.pii = pii.classification;
    mapped.masking = choice === 'migrate unmasked' ? 'none' : masking;
    log.decide({ table, column: col.name, decision: `PII (${pii.classification}): masking ${mapped.masking}${choice ? ` as ${d.id} resolved` : ` proposed; left to people as ${d.id}`}`,
      manualDecision: d.id, citations: pii.citations, confidence: 0.8 });
  }
  void decisionId;
  return mapped;
}

function excluded(log: ReasoningLog, table: string, col: Column, d: ManualDecision, cite: Citation[]): undefined {
  log.decide({ table, column: col.name, decision: `not migrated: ${d.id} resolved as "${EXCLUDE}"`, manualDecision: d.id, citations: cite, confidence: 1 });
  return undefined;
}

interface Pii {
  readonly classification: NonNullable<ColumnMapping['pii']>;
  readonly masking: NonNullable<ColumnMapping['masking']>;
  readonly by: string;
  readonly evidence: string[];
  readonly citations: Citation[];
}

function piiOf(ctx: AgentContext, column: string, prof: NonNullable<AgentContext['profile']>['tables'][number]['columns'][number] | undefined,
  profiledRows: number | undefined, table?: string): Pii | undefined {
  const rules = ctx.policy.pii.rules;
  const i = rules.findIndex((r) => new RegExp(r.pattern, 'i').test(column));
  if (i >= 0 && rules[i]!.masking !== 'none') {
    const r = rules[i]!;
    return { classification: r.classification as Pii['classification'], masking: r.masking as Pii['masking'], by: 'its name',
      evidence: [`policy /pii/rules/${i}: ${r.pattern}`], citations: [{ kind: 'policy', pointer: `/pii/rules/${i}/pattern` }] };
  }
  // By the values: a column whose name says nothing but whose values are emails, phones or card numbers
  // takes the masking of the policy rule for that kind of value.
  // The share is over the rows profiled (profiling/patterns.ts), the same rule as the ProfilingAgent's.
  for (const { pattern, count: n, nonnull } of prof && profiledRows !== undefined ? piiPatterns(prof, profiledRows) : []) {
    const j = rules.findIndex((r) => new RegExp(r.pattern, 'i').test(pattern));
    if (j < 0 || rules[j]!.masking === 'none') continue;
    const r = rules[j]!;
    return { classification: r.classification as Pii['classification'], masking: r.masking as Pii['masking'], by: `its values (${n} of ${nonnull} look like ${pattern.replace('_', ' ')}s)`,
      evidence: [`profile ${column}: ${n} of ${nonnull} non-null values match the ${pattern} pattern`, `policy /pii/rules/${j}`],
      citations: [{ kind: 'policy', pointer: `/pii/rules/${j}/pattern` }, ...(table ? [{ kind: 'profiling' as const, table, column, metric: `pattern_${pattern}`, value: n }] : [])] };
  }
  return undefined;
}

function chooseKey(ctx: AgentContext, log: ReasoningLog, book: DecisionBook, rel: Relation, table: string, renamed: ReadonlyMap<string, string>): string[] | undefined {
  const mapped = (cols: readonly string[]) => (cols.every((c) => renamed.has(c)) ? cols.map((c) => renamed.get(c)!) : undefined);
  const pk = rel.primary_key.length > 0 ? mapped(rel.primary_key) : undefined;
  if (pk) return pk;
  const uk = rel.unique_keys.find((k) => k.every((c) => rel.columns.find((x) => x.name === c)?.nullable === false));
  const ukMapped = uk ? mapped(uk) : undefined;
  if (ukMapped) {
    log.decide({ table, decision: `no primary key; the unique key (${uk!.join(', ')}) on NOT NULL columns is the row key`, citations: [{ kind: 'catalog', object: table, detail: `unique (${uk!.join(', ')})` }], confidence: 0.9 });
    return ukMapped;
  }
  const t = ctx.profile?.tables.find((x) => `${x.schema}.${x.name}` === table);
  const candidate = t?.columns.find((c) => c.null_count === 0 && c.distinct_count === t.profiled_rows && t.profiled_rows === t.row_count && renamed.has(c.name));
  const all = rel.columns.filter((c) => renamed.has(c.name)).map((c) => renamed.get(c.name)!);
  const options: Record<string, string> = {};
  if (candidate) options[`key (${renamed.get(candidate.name)})`] = `every row has a distinct, non-null ${candidate.name} today; nothing in the source enforces it, so a duplicate later breaks merge and reconciliation`;
  options['key (all columns)'] = 'rows are matched by all their values: loads replace the table, and a changed row shows as one missing and one extra';
  const d = book.raise({ kind: 'data_quality', table, question: `${table} has no primary or unique key. Which columns identify a row?`, options,
    recommended: Object.keys(options)[0]!, evidence: [`catalog ${table}: no primary or unique key`, ...(candidate ? [`profile ${table}.${candidate.name}: ${candidate.distinct_count} distinct of ${t!.row_count} rows, no nulls`] : [])] });
  const choice = d.status === 'resolved' ? d.resolution!.choice : d.recommended!;
  const key = choice === 'key (all columns)' || !candidate ? all : [renamed.get(candidate.name)!];
  log.decide({ table, decision: `no key in the catalog; row key (${key.join(', ')}) ${d.status === 'resolved' ? `as ${d.id} resolved` : `proposed, left to people as ${d.id}`}`, manualDecision: d.id,
    citations: [{ kind: 'catalog', object: table, detail: 'no primary or unique key' }, ...(candidate ? [{ kind: 'profiling' as const, table, column: candidate.name, metric: 'distinct_count', value: candidate.distinct_count ?? null }] : [])],
    confidence: candidate ? 0.7 : 0.5 });
  return key;
}

export const agent: Agent<MappingInput> = { name: 'MappingAgent', version: '1.0.0', run };
