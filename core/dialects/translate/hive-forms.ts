// Hive clauses the translator's Hive parser cannot read, named in the reason with what a person has to
// decide, instead of the parser's message.
import { codeWords } from './lexical.js';

const UNITS = new Set(['DAY', 'DAYS', 'MONTH', 'MONTHS', 'YEAR', 'YEARS', 'HOUR', 'HOURS', 'MINUTE', 'MINUTES', 'SECOND', 'SECONDS']);

export function unreadHiveClauses(sql: string): string[] {
  const w = codeWords(sql);
  const found: string[] = [];
  const has = (a: string, b: string) => w.some((x, i) => x === a && w[i + 1] === b);
  if (has('LATERAL', 'VIEW')) {
    found.push('LATERAL VIEW (a table-generating function such as explode() joined to each row) is not translated: DuckDB\'s form is a lateral join over UNNEST, ' +
      'and a person checks its rows for NULL and empty arrays (LATERAL VIEW OUTER) and the names of the generated columns');
  }
  for (const clause of ['DISTRIBUTE', 'SORT', 'CLUSTER']) {
    if (has(clause, 'BY')) found.push(`${clause} BY orders or spreads rows per reducer and has no DuckDB form; a person decides whether the view needs an ORDER BY`);
  }
  if (w.some((x, i) => /^\d+$/.test(x) && UNITS.has(w[i + 1] ?? '') && w[i - 1] !== 'INTERVAL')) {
    found.push('Hive\'s interval shorthand (such as + 30 days) is not read by the translator; a person writes the date arithmetic, whose result type (DATE or TIMESTAMP) must match the source');
  }
  for (const word of ['TRANSFORM', 'TABLESAMPLE']) if (w.includes(word)) found.push(`${word} is Hive-only and not translated`);
  return found;
}
