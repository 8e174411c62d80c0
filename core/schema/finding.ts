// The one shape every check reports in: a file, the line of the offending value, its JSON pointer,
// the rule that fired and a message that says what is wrong and what to do about it.

export type Severity = 'error' | 'warning';

export interface Finding {
  /** Repository-relative file path (or a label such as "<stdin>"). */
  readonly path: string;
  /** 1-based line of the offending value; 1 when the file has no better place to point at. */
  readonly line: number;
  /** RFC 6901 JSON pointer into the document; "" is the whole document. */
  readonly pointer: string;
  /** Family/name, e.g. "schema/required", "parse/json", "type-coercion/forbidden". */
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
}

/** pointer -> 1-based line of the value (for an object member: the line of its key). */
export type LineMap = ReadonlyMap<string, number>;

export interface ParsedDocument {
  readonly file: string;
  /** undefined exactly when findings holds the syntax error. */
  readonly value: unknown;
  readonly lines: LineMap;
  readonly findings: readonly Finding[];
}

export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function childPointer(parent: string, token: string | number): string {
  return `${parent}/${escapePointerToken(token)}`;
}

/** The line of a pointer, or of its nearest ancestor that has one (a missing member points at its parent). */
export function lineOf(lines: LineMap, pointer: string): number {
  let p = pointer;
  for (;;) {
    const line = lines.get(p);
    if (line !== undefined) return line;
    if (p === '') return 1;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}
