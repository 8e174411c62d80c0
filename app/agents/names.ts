// Names as the repository's artifacts write them: schema.table, and what a catalog may hold that the
// artifact schemas cannot (a name with spaces or dots) recognised before it is written anywhere.
import type { Relation as SourceRelation } from './types.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]*$/;

export function qualified(r: Pick<SourceRelation, 'schema' | 'name'>): string {
  return `${r.schema}.${r.name}`;
}

export function legalName(name: string): boolean {
  return IDENT.test(name);
}

export function legalRelation(r: SourceRelation): boolean {
  return legalName(r.schema) && legalName(r.name) && r.columns.every((c) => legalName(c.name));
}

/** Relations that hold data of their own (partitions belong to their parent). */
export function dataTables(relations: readonly SourceRelation[]): SourceRelation[] {
  return relations.filter((r) => (r.kind === 'table' || r.kind === 'partitioned_table') && r.columns.length > 0);
}

export function views(relations: readonly SourceRelation[]): SourceRelation[] {
  return relations.filter((r) => (r.kind === 'view' || r.kind === 'materialized_view') && r.columns.length > 0);
}
