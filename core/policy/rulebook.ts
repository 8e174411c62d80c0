// The type coercion rulebook applied to one column: the first entry whose from, to and `when` match
// decides (policies/type_coercion_rulebook.json says so too). MappingAgent and TypeCoercionValidator
// both use this, so a mapping the agent proposes is judged by the same rule it was made with.
import type { ReadonlyRulebook } from './defaults.js';
import { matchType, parseSqlType, parseTypePattern, type Bindings, type SqlType } from './sql-type.js';

export interface TypeRef {
  readonly engine: string;
  readonly type: string;
}

export type RulebookEntry = ReadonlyRulebook['entries'][number];

export interface Coercion {
  readonly entry: RulebookEntry;
  /** The entry's position in the rulebook, for findings that point at it. */
  readonly index: number;
  readonly bindings: Readonly<Bindings>;
  /** The entry's cast with its parameters filled in ({col} kept), or undefined when none is needed. */
  readonly cast: string | undefined;
}

/** MariaDB columns follow the MySQL rules unless the rulebook has MariaDB entries of its own. */
function family(engine: string): string {
  return engine === 'mariadb' ? 'mysql' : engine;
}

export function typeOf(rulebook: ReadonlyRulebook, ref: TypeRef): SqlType {
  const aliases = rulebook.aliases?.[ref.engine] ?? rulebook.aliases?.[family(ref.engine)];
  return parseSqlType(ref.engine, ref.type, aliases as Readonly<Record<string, string>> | undefined);
}

function engineMatches(entryEngine: string, engine: string): boolean {
  return entryEngine === engine || entryEngine === family(engine);
}

function withinBounds(entry: RulebookEntry, bindings: Bindings): boolean {
  for (const [name, range] of Object.entries(entry.when ?? {})) {
    const value = bindings[name];
    if (typeof value !== 'number' || !range) return false;
    const bound = (b: number | string | undefined) => (typeof b === 'string' ? bindings[b] : b);
    const min = bound(range.min);
    const max = bound(range.max);
    if ((range.min !== undefined && typeof min !== 'number') || (range.max !== undefined && typeof max !== 'number')) return false;
    if (typeof min === 'number' && value < min) return false;
    if (typeof max === 'number' && value > max) return false;
  }
  return true;
}

/** Fills a cast template's {name} parameters; {col} stays for the caller. */
export function instantiateCast(template: string, bindings: Readonly<Bindings>): string {
  return template.replace(/\{([a-z_]+|\*)\}/g, (whole, name: string) => (name === 'col' ? whole : String(bindings[name] ?? whole)));
}

/** The rule for mapping `from` to `to`, or undefined when the rulebook has none. */
export function lookupCoercion(rulebook: ReadonlyRulebook, from: TypeRef, to: TypeRef): Coercion | undefined {
  const source = typeOf(rulebook, from);
  const target = typeOf(rulebook, to);
  for (const [index, entry] of rulebook.entries.entries()) {
    if (!engineMatches(entry.from.engine, from.engine) || !engineMatches(entry.to.engine, to.engine)) continue;
    const bindings: Bindings = {};
    if (!matchType(parseTypePattern(entry.from.type), source, bindings)) continue;
    if (!matchType(parseTypePattern(entry.to.type), target, bindings)) continue;
    if (!withinBounds(entry, bindings)) continue;
    return { entry, index, bindings, cast: entry.cast === undefined ? undefined : instantiateCast(entry.cast, bindings) };
  }
  return undefined;
}

/** The entries that apply to a source type, in rulebook order: what a mapping may choose from. */
export function coercionsFrom(rulebook: ReadonlyRulebook, from: TypeRef, toEngine: string): RulebookEntry[] {
  const source = typeOf(rulebook, from);
  return rulebook.entries.filter((entry) => engineMatches(entry.from.engine, from.engine)
    && engineMatches(entry.to.engine, toEngine)
    && matchType(parseTypePattern(entry.from.type), source, {}));
}

/** Casts compare without regard to case or spacing. */
export function sameCast(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').replace(/\s*([(),])\s*/g, '$1').trim();
  return norm(a) === norm(b);
}
