// A JSON parser that remembers where each value sits, so findings can name the line. JSON.parse
// cannot say that. Strict RFC 8259: no comments, no trailing commas; duplicate keys are refused
// because two readers could disagree about which one counts.
import { childPointer, type Finding, type ParsedDocument } from './finding.js';

class JsonSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** Deeper nesting than any artifact needs is refused rather than risking the stack. */
const MAX_DEPTH = 256;

class Parser {
  private i = 0;
  private depth = 0;
  readonly lines = new Map<string, number>();
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) this.lineStarts.push(k + 1);
  }

  lineAt(offset: number): { line: number; col: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.lineStarts[lo]! + 1 };
  }

  parseDocument(): unknown {
    if (this.text.charCodeAt(0) === 0xfeff) this.i = 1;
    this.ws();
    const value = this.value('');
    this.ws();
    if (this.i < this.text.length) this.fail(`unexpected ${this.describe()} after the end of the document`);
    return value;
  }

  private fail(message: string, offset = this.i): never {
    throw new JsonSyntaxError(message, offset);
  }

  private describe(): string {
    if (this.i >= this.text.length) return 'end of file';
    return `character ${JSON.stringify(this.text[this.i])}`;
  }

  private ws(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else return;
    }
  }

  private value(pointer: string): unknown {
    if (!this.lines.has(pointer)) this.lines.set(pointer, this.lineAt(this.i).line);
    const c = this.text[this.i];
    if (c === '{') return this.object(pointer);
    if (c === '[') return this.array(pointer);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    return this.fail(`unexpected ${this.describe()}; expected a value`);
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
  }

  private object(pointer: string): Record<string, unknown> {
    this.enter();
    // defineProperty so a "__proto__" key is an own property, never the prototype.
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.i++;
    this.ws();
    if (this.text[this.i] === '}') {
      this.i++;
      this.depth--;
      return out;
    }
    for (;;) {
      if (this.text[this.i] !== '"') this.fail(`unexpected ${this.describe()}; expected a property name in double quotes`);
      const keyOffset = this.i;
      const key = this.string();
      if (seen.has(key)) this.fail(`duplicate property ${JSON.stringify(key)}; keep only one`, keyOffset);
      seen.add(key);
      const child = childPointer(pointer, key);
      this.lines.set(child, this.lineAt(keyOffset).line);
      this.ws();
      if (this.text[this.i] !== ':') this.fail(`unexpected ${this.describe()}; expected ":" after property name`);
      this.i++;
      this.ws();
      Object.defineProperty(out, key, { value: this.value(child), enumerable: true, writable: true, configurable: true });
      this.ws();
      const c = this.text[this.i];
      if (c === ',') {
        this.i++;
        this.ws();
        if (this.text[this.i] === '}') this.fail('trailing comma before "}"; remove it');
        continue;
      }
      if (c === '}') {
        this.i++;
        this.depth--;
        return out;
      }
      this.fail(`unexpected ${this.describe()}; expected "," or "}"`);
    }
  }

  private array(pointer: string): unknown[] {
    this.enter();
    const out: unknown[] = [];
    this.i++;
    this.ws();
    if (this.text[this.i] === ']') {
      this.i++;
      this.depth--;
      return out;
    }
    for (;;) {
      out.push(this.value(childPointer(pointer, out.length)));
      this.ws();
      const c = this.text[this.i];
      if (c === ',') {
        this.i++;
        this.ws();
        if (this.text[this.i] === ']') this.fail('trailing comma before "]"; remove it');
        continue;
      }
      if (c === ']') {
        this.i++;
        this.depth--;
        return out;
      }
      this.fail(`unexpected ${this.describe()}; expected "," or "]"`);
    }
  }

  private string(): string {
    const start = this.i;
    this.i++;
    for (;;) {
      const c = this.text.charCodeAt(this.i);
      if (Number.isNaN(c)) this.fail('unterminated string', start);
      if (c === 34) break;
      if (c < 0x20) this.fail('control character in string; escape it');
      this.i += c === 92 ? 2 : 1;
    }
    this.i++;
    try {
      return JSON.parse(this.text.slice(start, this.i)) as string;
    } catch {
      return this.fail('invalid escape sequence in string', start);
    }
  }

  private number(): number {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.i, this.i + 400));
    if (!m) return this.fail(`invalid number`);
    this.i += m[0].length;
    return Number(m[0]);
  }
}

/** Parses JSON text; a syntax error becomes a "parse/json" finding at its line, never a throw. */
export function parseJson(text: string, file: string): ParsedDocument {
  const parser = new Parser(text);
  try {
    const value = parser.parseDocument();
    return { file, value, lines: parser.lines, findings: [] };
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const { line, col } = parser.lineAt(e.offset);
    const finding: Finding = {
      path: file, line, pointer: '', rule: 'parse/json', severity: 'error',
      message: `invalid JSON at line ${line}, column ${col}: ${e.message}; fix the syntax and validate again`,
    };
    return { file, value: undefined, lines: new Map(), findings: [finding] };
  }
}
