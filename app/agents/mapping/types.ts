// Choosing a target type by the rulebook: every entry that applies to the source type is tried with
// its parameters filled in (from the source type, from the entry's `when` bounds, from the profile's
// measured scale), and judged again by the rulebook's first matching entry, exactly as the
// type-coercion validator will judge it. Safe beats lossy; forbidden is never chosen.
import { lookupCoercion, typeOf, type Coercion } from '../../../core/policy/rulebook.js';
import { matchType, parseTypePattern, type Bindings } from '../../../core/policy/sql-type.js';
import type { AgentContext } from '../types.js';

export interface Choice {
  readonly targetType: string;
  readonly coercion: Coercion;
}

export interface Hints {
  /** Digits after the point, measured (for unconstrained numerics). */
  readonly scale?: number;
}

function fill(template: string, bindings: Bindings, when: Record<string, { min?: number | string; max?: number | string }> | undefined, hints: Hints): string | undefined {
  let ok = true;
  const value = (name: string): string | undefined => {
    if (bindings[name] !== undefined) return String(bindings[name]);
    const range = when?.[name];
    const bound = range?.min ?? range?.max;
    if (typeof bound === 'number') return String(bound);
    if (typeof bound === 'string' && bindings[bound] !== undefined) return String(bindings[bound]);
    if (name === 's' && hints.scale !== undefined) return String(Math.min(38, hints.scale));
    return undefined;
  };
  let out = template.replace(/\(([^()]*)\)/, (_whole, inner: string) => `(${inner.split(',').map((a) => {
    const t = a.trim();
    if (/^[0-9]+$/.test(t) || t === '...') return t;
    const v = value(t);
    if (v === undefined) ok = false;
    return v ?? t;
  }).join(',')})`);
  if (out.startsWith('*[]')) {
    const el = bindings['*'];
    if (el === undefined) ok = false;
    out = `${String(el)}[]`;
  }
  return ok && !out.includes('...') ? out : undefined;
}

export function chooseTarget(ctx: AgentContext, sourceEngine: string, sourceType: string, targetEngine: string, hints: Hints): Choice[] {
  const source = typeOf(ctx.rulebook, { engine: sourceEngine, type: sourceType });
  const out: Choice[] = [];
  const family = (e: string) => (e === 'mariadb' ? 'mysql' : e);
  for (const entry of ctx.rulebook.entries) {
    if (family(entry.from.engine) !== family(sourceEngine) || family(entry.to.engine) !== family(targetEngine)) continue;
    const bindings: Bindings = {};
    if (!matchType(parseTypePattern(entry.from.type), source, bindings)) continue;
    const targetType = fill(entry.to.type, bindings, entry.when as Record<string, { min?: number | string; max?: number | string }> | undefined, hints);
    if (targetType === undefined) continue;
    const coercion = lookupCoercion(ctx.rulebook, { engine: sourceEngine, type: sourceType }, { engine: targetEngine, type: targetType });
    if (!coercion || coercion.entry.verdict === 'forbidden') continue;
    if (!out.some((c) => c.coercion.entry.id === coercion.entry.id)) out.push({ targetType, coercion });
  }
  return [...out.filter((c) => c.coercion.entry.verdict === 'safe'), ...out.filter((c) => c.coercion.entry.verdict === 'lossy')];
}

const TYPE_TEXT = /^[A-Za-z][A-Za-z0-9_ ]*(\([0-9, ]+\))?( [A-Za-z ]+)?(\[\])*$/;

/** A type as schema_mapping.yml writes it, or undefined when that form cannot hold it (quotes, dots). */
export function mappingType(type: string): string | undefined {
  const t = type.trim().replace(/\s+/g, ' ').toUpperCase();
  return TYPE_TEXT.test(t) ? t : undefined;
}
