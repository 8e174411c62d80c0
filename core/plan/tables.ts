// Table names as plans write them ("schema.table" or "table") and the mapping entry of a copy step.
import type { TableName } from '../dialects/dialect.js';

export function parseTable(name: string): TableName {
  const parts = name.split('.');
  return parts.length >= 2 ? { schema: parts.at(-2)!, name: parts.at(-1)! } : { name: parts[0]! };
}

export function tableText(t: TableName): string {
  return t.schema ? `${t.schema}.${t.name}` : t.name;
}
