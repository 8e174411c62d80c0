// SQL type text as engines and people write it ("NUMERIC(12, 2)", "timestamp(3) with time zone",
// "int(11) unsigned", "TEXT[]", "array<string>") turned into one comparable form, and the rulebook's
// type patterns ("numeric(p,s)", "number(p,0)", "enum(...)", "*[]") matched against it.

export interface SqlType {
  /** Lower case, aliases applied, parameters removed: "timestamp with time zone". */
  readonly base: string;
  /** Parameters as written, trimmed: ["12", "2"]; for angle types the inner text once. */
  readonly args: readonly string[];
  /** array<...>, map<...>, struct<...> (Hive style). */
  readonly generic: boolean;
  /** The element type when this is an array ("text[]"). */
  readonly element: SqlType | undefined;
  /** The normal text: base with args re-inserted, "numeric(12,2)". */
  readonly text: string;
}

type Aliases = Readonly<Record<string, string>> | undefined;

const MYSQL_INTEGERS = /^(tinyint|smallint|mediumint|int|integer|bigint)( unsigned)?( zerofill)?$/;

function tidy(text: string): string {
  return text.toLowerCase().trim().replace(/\s+/g, ' ').replace(/\s*([(),<>[\]])\s*/g, '$1')
    .replace(/\)([a-z])/g, ') $1');
}

function render(base: string, args: readonly string[], generic: boolean): string {
  if (generic) return `${base}<${args.join(',')}>`;
  if (args.length === 0) return base;
  // Parameters sit after the first word of multi-word bases written that way: "timestamp(3) with time zone".
  const m = /^(timestamp|time|timestamp_[a-z]+)( with(out)? (local )?time zone)$/.exec(base);
  return m ? `${m[1]}(${args.join(',')})${m[2]}` : `${base}(${args.join(',')})`;
}

function split(text: string): { base: string; args: string[]; generic: boolean } {
  const angle = /^([a-z_][a-z0-9_ ]*)<(.*)>$/.exec(text);
  if (angle) return { base: angle[1]!.trim(), args: [angle[2]!], generic: true };
  const paren = /^([^()]*)\(([^()]*)\)(.*)$/.exec(text);
  if (!paren) return { base: text, args: [], generic: false };
  const base = `${paren[1]!} ${paren[3]!}`.trim().replace(/\s+/g, ' ');
  return { base, args: paren[2]!.split(',').map((a) => a.trim()).filter((a) => a !== ''), generic: false };
}

/** Parses a type of `engine` using the rulebook's aliases for that engine. */
export function parseSqlType(engine: string, text: string, aliases: Aliases = undefined): SqlType {
  const t = tidy(text);
  if (t.endsWith('[]')) {
    const element = parseSqlType(engine, t.slice(0, -2), aliases);
    return { base: `${element.base}[]`, args: [], generic: false, element, text: `${element.text}[]` };
  }
  const parts = split(t);
  const generic = parts.generic;
  let { base, args } = parts;
  const alias = aliases?.[base];
  if (alias !== undefined && !generic) {
    const a = split(tidy(alias));
    base = a.base;
    if (args.length === 0) args = a.args;
  }
  // MySQL integer display widths (int(11)) say nothing about the range; tinyint(1) is the boolean idiom.
  if ((engine === 'mysql' || engine === 'mariadb') && MYSQL_INTEGERS.test(base) && args.length === 1
    && !(base === 'tinyint' && args[0] === '1')) {
    args = [];
  }
  return { base, args, generic, element: undefined, text: render(base, args, generic) };
}

type Params = { kind: 'none' } | { kind: 'any' } | { kind: 'list'; items: string[] };

export interface TypePattern {
  readonly base: string;
  readonly params: Params;
  readonly array: boolean;
}

export function parseTypePattern(text: string): TypePattern {
  let t = tidy(text);
  const array = t.endsWith('[]');
  if (array) t = t.slice(0, -2);
  const angle = /^([a-z_][a-z0-9_ ]*)<\.\.\.>$/.exec(t);
  if (angle) return { base: angle[1]!, params: { kind: 'any' }, array };
  const { base, args } = split(t);
  if (args.length === 0) return { base, params: { kind: 'none' }, array };
  if (args.length === 1 && args[0] === '...') return { base, params: { kind: 'any' }, array };
  return { base, params: { kind: 'list', items: args }, array };
}

export type Bindings = Record<string, number | string>;

/** Matches a pattern against a type, extending `bindings` (names bound earlier must agree). */
export function matchType(pattern: TypePattern, type: SqlType, bindings: Bindings): boolean {
  if (pattern.array) {
    if (!type.element) return false;
    if (pattern.base === '*') {
      const bound = bindings['*'];
      if (bound !== undefined) return bound === type.element.text;
      bindings['*'] = type.element.text;
      return true;
    }
    return matchType({ ...pattern, array: false }, type.element, bindings);
  }
  if (type.element || pattern.base !== type.base) return false;
  const p = pattern.params;
  if (p.kind === 'none') return type.args.length === 0 && !type.generic;
  if (p.kind === 'any') return type.args.length > 0;
  if (type.generic || p.items.length !== type.args.length) return false;
  return p.items.every((item, i) => {
    const arg = type.args[i]!;
    if (/^[0-9]+$/.test(item)) return item === arg;
    if (!/^[0-9]+$/.test(arg)) return false;
    const value = Number(arg);
    if (bindings[item] === undefined) bindings[item] = value;
    return bindings[item] === value;
  });
}
