// Schema validation that speaks to people: each ajv error becomes a finding at the line of the
// offending value, saying what is wrong and what to do next.
import type { ErrorObject } from 'ajv';
import { childPointer, lineOf, type Finding, type LineMap } from './finding.js';
import { redactValue } from './redact.js';
import { validatorFor } from './registry.js';

export interface DocumentSource {
  readonly file: string;
  readonly lines: LineMap;
}

function where(pointer: string): string {
  return pointer === '' ? 'the document' : pointer;
}

function show(v: unknown): string {
  const s = JSON.stringify(redactValue(v));
  if (s === undefined) return String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  return `a ${typeof v}`;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function suggestion(unknown: string, parentSchema: unknown): string {
  const props = (parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (!props) return '';
  let best: string | undefined;
  let bestD = Infinity;
  for (const name of Object.keys(props)) {
    const d = distance(unknown.toLowerCase(), name.toLowerCase());
    if (d < bestD) {
      best = name;
      bestD = d;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(unknown.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

function described(e: ErrorObject): string {
  const d = (e.parentSchema as { description?: unknown } | undefined)?.description;
  return typeof d === 'string' ? ` (${d.replace(/\.$/, '')})` : '';
}

/** Turns one ajv error into [pointer, message]; undefined for errors that only wrap others. */
function explain(e: ErrorObject): [string, string] | undefined {
  const p = e.instancePath;
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'propertyNames') return undefined; // the nested error (below) names the key and the rule
  const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
  if (typeof propertyName === 'string') {
    const name = propertyName;
    const rule = e.keyword === 'pattern' ? `does not match ${String(params.pattern)}${described(e)}`
      : e.keyword === 'enum' ? `is not one of ${(params.allowedValues as unknown[]).map(show).join(', ')}`
        : e.message ?? 'is not allowed';
    return [childPointer(p, name), `property name ${show(name)}${p ? ` at ${p}` : ''} ${rule}; rename it`];
  }
  switch (e.keyword) {
    case 'required':
      return [p, `missing required property "${String(params.missingProperty)}"${p ? ` at ${p}` : ''}; add it`];
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      return [childPointer(p, name),
        `unknown property "${name}"${p ? ` at ${p}` : ''}${suggestion(name, e.parentSchema)}; remove it or check its spelling`];
    }
    case 'type':
      return [p, `${where(p)} must be ${String(params.type).split(',').join(' or ')}, not ${typeName(e.data)}; change its value`];
    case 'enum':
      return [p, `${where(p)} is ${show(e.data)}; it must be one of ${(params.allowedValues as unknown[]).map(show).join(', ')}`];
    case 'const':
      return [p, `${where(p)} is ${show(e.data)}; it must be ${show(params.allowedValue)}`];
    case 'pattern':
      return [p, `${where(p)} is ${show(e.data)}, which does not match ${String(params.pattern)}${described(e)}; correct it`];
    case 'format':
      return [p, `${where(p)} is ${show(e.data)}, which is not a valid ${String(params.format)}; correct it`];
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return [p, `${where(p)} is ${show(e.data)}; it must be ${String(params.comparison)} ${String(params.limit)}`];
    case 'minItems':
    case 'maxItems':
    case 'minLength':
    case 'maxLength':
    case 'minProperties':
    case 'maxProperties': {
      const unit = e.keyword.endsWith('Items') ? 'items' : e.keyword.endsWith('Length') ? 'characters' : 'properties';
      const bound = e.keyword.startsWith('min') ? 'at least' : 'at most';
      return [p, `${where(p)} must have ${bound} ${String(params.limit)} ${unit}`];
    }
    case 'uniqueItems':
      return [p, `${where(p)} has duplicate items (positions ${String(params.j)} and ${String(params.i)}); remove one`];
    case 'if':
      return undefined; // the nested then/else error says what is missing
    case 'oneOf':
    case 'anyOf':
      return [p, `${where(p)} matches none of the allowed forms${described(e)}; see the other findings here`];
    case 'discriminator': {
      const tag = String(params.tag);
      if (params.error === 'tag') return [p, `missing required property "${tag}"${p ? ` at ${p}` : ''}; add it`];
      return [childPointer(p, tag), `${where(childPointer(p, tag))} is ${show(params.tagValue)}, which is not a known kind${described(e)}; correct it`];
    }
    case 'false schema':
      return [p, `${where(p)} is not allowed here; remove it`];
    default:
      return [p, `${where(p)} ${e.message ?? 'is invalid'}`];
  }
}

/** Validates a parsed value against the named schema; [] when it conforms. */
export function validateDocument(name: string, value: unknown, source: DocumentSource): Finding[] {
  const validate = validatorFor(name);
  if (validate(value)) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    const explained = explain(e);
    if (!explained) continue;
    const [pointer, message] = explained;
    const key = `${pointer}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({
      path: source.file, line: lineOf(source.lines, pointer), pointer,
      rule: `schema/${e.keyword}`, severity: 'error', message,
    });
  }
  return findings.sort((a, b) => a.line - b.line || (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
}
