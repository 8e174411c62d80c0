// Mechanical fixes for findings whose remedy is certain: the line as it should read, offered as a
// ```suggestion so the fix is one click. Only these, each recomputed from the context (never parsed out of
// a message): the cast the rulebook requires (type-coercion/cast-missing, cast-mismatch), the rule id the
// rulebook matches (type-coercion/rule-mismatch), and a tolerance above the policy's bound
// (tolerance/exceeds-policy). A line whose shape is not recognised gets no suggestion. Pure.
import { lookupCoercion } from '../../core/policy/rulebook.js';
import type { MigrationContext } from '../../core/repo/index.js';
import { REPO_PATHS } from '../../core/repo/index.js';
import type { Finding } from '../../core/schema/finding.js';

export interface Fix {
  readonly path: string;
  readonly line: number;
  /** The replacement text of that one line (may span several lines). */
  readonly replacement: string;
  readonly finding: Finding;
}

function lineText(text: string, line: number): string | undefined {
  return text.split('\n')[line - 1]?.replace(/\r$/, '');
}

function yamlString(s: string): string {
  return JSON.stringify(s);
}

/** Sets `key: value` on a mapping line: a flow mapping `{ a: 1, key: x }` or a block line `key: x`. */
function setKey(line: string, key: string, value: string, anchorKey: string): string | undefined {
  const existing = new RegExp(`(^|[{,\\s])${key}:\\s*("(?:[^"\\\\]|\\\\.)*"|'[^']*'|[^,}#]*?)(\\s*(?:,|}|#|$))`);
  if (existing.test(line)) return line.replace(existing, (_m, pre: string, _v: string, post: string) => `${pre}${key}: ${value}${post}`);
  const flowEnd = /\s*}\s*(#.*)?$/.exec(line);
  if (flowEnd && line.includes('{')) return `${line.slice(0, flowEnd.index)}, ${key}: ${value} }${flowEnd[1] ? ` ${flowEnd[1]}` : ''}`;
  const block = new RegExp(`^(\\s*)(- )?${anchorKey}:`).exec(line);
  if (block) return `${line}\n${block[1]}${block[2] ? '  ' : ''}${key}: ${value}`;
  return undefined;
}

function columnAt(ctx: MigrationContext, pointer: string) {
  const m = /^\/tables\/(\d+)\/columns\/(\d+)\//.exec(pointer);
  const mapping = ctx.mapping?.value;
  if (!m || !mapping) return undefined;
  const table = mapping.tables[Number(m[1])];
  const col = table?.columns[Number(m[2])];
  if (!col) return undefined;
  const coercion = lookupCoercion(ctx.rulebook, { engine: mapping.source_engine, type: col.source_type }, { engine: mapping.target_engine, type: col.target_type });
  return coercion ? { col, coercion } : undefined;
}

function fixOf(ctx: MigrationContext, base: MigrationContext, f: Finding): string | undefined {
  const text = f.path === REPO_PATHS.mapping ? ctx.mapping?.text : f.path === REPO_PATHS.plan ? ctx.plan?.text : undefined;
  const line = text === undefined ? undefined : lineText(text, f.line);
  if (line === undefined) return undefined;
  switch (f.rule) {
    case 'type-coercion/cast-missing':
    case 'type-coercion/cast-mismatch': {
      const cast = columnAt(ctx, f.pointer)?.coercion.cast;
      return cast === undefined ? undefined : setKey(line, 'cast', yamlString(cast), 'target_type');
    }
    case 'type-coercion/rule-mismatch': {
      const id = columnAt(ctx, f.pointer)?.coercion.entry.id;
      return id === undefined ? undefined : setKey(line, 'rule', id, 'rule');
    }
    case 'tolerance/exceeds-policy': {
      const metric = /^\/tolerances\/([^/]+)\/max$/.exec(f.pointer)?.[1];
      const bound = metric === undefined ? undefined
        : (base.policy.value?.tolerances as Readonly<Record<string, { max: number } | undefined>> | undefined)?.[metric]?.max;
      if (bound === undefined || !/"max"\s*:\s*-?[0-9.eE+-]+/.test(line)) return undefined;
      return line.replace(/("max"\s*:\s*)-?[0-9.eE+-]+/, `$1${bound}`);
    }
    default:
      return undefined;
  }
}

/** The fixes for these findings, at most one a line (the first finding's), in file and line order. */
export function mechanicalFixes(ctx: MigrationContext, base: MigrationContext, findings: readonly Finding[]): Fix[] {
  const byLine = new Map<string, Fix>();
  for (const f of findings) {
    const key = `${f.path}:${f.line}`;
    if (byLine.has(key)) continue;
    const replacement = fixOf(ctx, base, f);
    if (replacement !== undefined && replacement !== lineText((f.path === REPO_PATHS.mapping ? ctx.mapping?.text : ctx.plan?.text) ?? '', f.line)) {
      byLine.set(key, { path: f.path, line: f.line, replacement, finding: f });
    }
  }
  return [...byLine.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
}
