// Target-legal names: mixed case folded to snake_case (engines fold unquoted names), a reserved word
// of the target suffixed with _, and a name longer than the target allows cut with a digest suffix.
import { DIALECTS, type Engine } from '../../../core/dialects/index.js';
import { sha256Hex } from '../../../core/json/canonical.js';

const MAX_LENGTH: Readonly<Record<string, number>> = { postgres: 63, redshift: 127, mysql: 64, mariadb: 64, snowflake: 255, duckdb: 255 };

export interface TargetName {
  readonly name: string;
  /** Why it differs from the source name; empty when it does not. */
  readonly reasons: readonly string[];
}

export function targetName(name: string, engine: string): TargetName {
  const reasons: string[] = [];
  let n = name;
  if (/[A-Z]/.test(n)) {
    n = n.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
    reasons.push('mixed case folded to snake_case');
  }
  const dialect = DIALECTS[(engine === 'mariadb' ? 'mysql' : engine) as Engine] as (typeof DIALECTS)[Engine] | undefined;
  if (dialect?.reservedWords.has(n.toLowerCase())) {
    reasons.push(`"${n}" is a reserved word in ${engine}`);
    n = `${n}_`;
  }
  const max = MAX_LENGTH[engine] ?? 63;
  if (n.length > max) {
    n = `${n.slice(0, max - 9)}_${sha256Hex(name).slice(0, 8)}`;
    reasons.push(`longer than ${engine}'s ${max} characters`);
  }
  return { name: n, reasons };
}
