// YAML (1.2 core schema: "yes"/"no" stay strings) with the line of every value, from the yaml
// package's own source ranges. Duplicate keys, anchors beyond a small alias budget, several documents
// in one file and non-string keys are findings, not surprises later.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { childPointer, type Finding, type ParsedDocument } from './finding.js';

/** Deeper nesting than any artifact needs is refused rather than risking the stack. */
const MAX_DEPTH = 256;

function syntaxFinding(file: string, line: number, message: string): Finding {
  return {
    path: file, line: Math.max(1, line), pointer: '', rule: 'parse/yaml', severity: 'error',
    message: `invalid YAML at line ${Math.max(1, line)}: ${message}; fix the syntax and validate again`,
  };
}

/** Parses YAML text; a syntax error becomes a "parse/yaml" finding at its line, never a throw. */
export function parseYaml(text: string, file: string): ParsedDocument {
  const lineCounter = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    // The parser recurses; input nested far enough exhausts the stack. That is bad input, not a crash.
    if (e instanceof RangeError) {
      return { file, value: undefined, lines: new Map(), findings: [syntaxFinding(file, 1, 'nesting too deep to parse')] };
    }
    throw e;
  }
  const failed = (line: number, message: string): ParsedDocument =>
    ({ file, value: undefined, lines: new Map(), findings: [syntaxFinding(file, line, message)] });

  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0].line ?? lineCounter.linePos(first.pos[0]).line;
    return failed(line, first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''));
  }
  const lineOfNode = (n: { range?: [number, number, number] | null } | null | undefined) =>
    n?.range ? Math.max(1, lineCounter.linePos(n.range[0]).line) : undefined;

  const lines = new Map<string, number>();
  let badKey: { line: number; message: string } | undefined;
  const walk = (node: Node | null, pointer: string, at: number | undefined, depth: number) => {
    if (depth > MAX_DEPTH) {
      badKey ??= { line: lineOfNode(node) ?? 1, message: `nesting deeper than ${MAX_DEPTH} levels` };
      return;
    }
    const line = at ?? lineOfNode(node) ?? 1;
    if (!lines.has(pointer)) lines.set(pointer, line);
    if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = item.key;
        if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number' && typeof key.value !== 'boolean')) {
          badKey ??= { line: lineOfNode(key as Node | null) ?? line, message: 'keys must be plain strings' };
          continue;
        }
        walk(item.value as Node | null, childPointer(pointer, String(key.value)), lineOfNode(key), depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item as Node | null, childPointer(pointer, i), undefined, depth + 1));
    } else if (isAlias(node)) {
      // The alias's target carries its own lines; this pointer points at the alias itself.
    }
  };
  walk(doc.contents as Node | null, '', undefined, 0);
  if (badKey) return failed(badKey.line, badKey.message);

  try {
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    return { file, value: value ?? null, lines, findings: [] };
  } catch (e) {
    return failed(1, e instanceof Error ? e.message : String(e));
  }
}
