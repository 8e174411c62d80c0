// GitHub Actions expressions (`${{ … }}`), the part workflows of this project use: contexts read by
// dotted or indexed paths (github, env, secrets, matrix, inputs, needs, steps, job, runner, strategy),
// literals, ! == != < <= > >= && || and parentheses, and the functions success(), failure(), always(),
// cancelled(), contains, startsWith, endsWith, format, join, toJSON and fromJSON. Anything else is an
// ExpressionError naming the expression, which fails the step as GitHub fails a workflow it cannot read.
// Values are loosely typed as on GitHub: a missing property is null, and null prints as ''.

export class ExpressionError extends Error {}

export type Value = null | boolean | number | string | Value[] | { [k: string]: Value };

export interface ExpressionScope {
  readonly contexts: Readonly<Record<string, Value>>;
  /** The job's state so far, for success() and failure(). */
  readonly jobFailed?: boolean;
}

type Token = { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 'id'; v: string } | { t: 'op'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) { i += 1; continue; }
    if (ch === "'") {
      let s = '';
      i += 1;
      for (;;) {
        if (i >= src.length) throw new ExpressionError(`unterminated string in "${src}"`);
        if (src[i] === "'" && src[i + 1] === "'") { s += "'"; i += 2; continue; }
        if (src[i] === "'") { i += 1; break; }
        s += src[i];
        i += 1;
      }
      out.push({ t: 'str', v: s });
      continue;
    }
    const num = /^(0x[0-9a-fA-F]+|-?\d+(\.\d+)?)/.exec(src.slice(i));
    if (num && (ch !== '-' || out.length === 0 || out[out.length - 1]!.t === 'op')) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i));
    if (id) { out.push({ t: 'id', v: id[0] }); i += id[0].length; continue; }
    const op = /^(==|!=|<=|>=|&&|\|\||[!<>().[\],*])/.exec(src.slice(i));
    if (!op) throw new ExpressionError(`unexpected "${ch}" in "${src}"`);
    out.push({ t: 'op', v: op[0] });
    i += op[0].length;
  }
  return out;
}

function truthy(v: Value): boolean {
  return !(v === null || v === false || v === 0 || v === '' || (typeof v === 'number' && Number.isNaN(v)));
}

export function toText(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v, null, 2);
  return String(v);
}

function looseEqual(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b || a === null || b === null) return a === b;
  const num = (v: Value) => (v === null ? 0 : typeof v === 'boolean' ? Number(v) : typeof v === 'string' ? (v.trim() === '' ? 0 : Number(v)) : NaN);
  return num(a) === num(b);
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[], private readonly src: string, private readonly scope: ExpressionScope) {}

  parse(): Value {
    const v = this.or();
    if (this.i < this.tokens.length) throw new ExpressionError(`unexpected "${this.tokens[this.i]!.v}" in "${this.src}"`);
    return v;
  }

  private peek(v: string): boolean {
    const t = this.tokens[this.i];
    return t?.t === 'op' && t.v === v;
  }

  private expect(v: string): void {
    if (!this.peek(v)) throw new ExpressionError(`expected "${v}" in "${this.src}"`);
    this.i += 1;
  }

  private or(): Value {
    let left = this.and();
    while (this.peek('||')) { this.i += 1; const right = this.and(); left = truthy(left) ? left : right; }
    return left;
  }

  private and(): Value {
    let left = this.cmp();
    while (this.peek('&&')) { this.i += 1; const right = this.cmp(); left = truthy(left) ? right : left; }
    return left;
  }

  private cmp(): Value {
    let left = this.unary();
    for (;;) {
      const op = ['==', '!=', '<', '<=', '>', '>='].find((o) => this.peek(o));
      if (!op) return left;
      this.i += 1;
      const right = this.unary();
      if (op === '==') left = looseEqual(left, right);
      else if (op === '!=') left = !looseEqual(left, right);
      else {
        const [a, b] = [Number(left), Number(right)];
        left = op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
      }
    }
  }

  private unary(): Value {
    if (this.peek('!')) { this.i += 1; return !truthy(this.unary()); }
    return this.postfix(this.primary());
  }

  private postfix(base: Value): Value {
    let v = base;
    for (;;) {
      if (this.peek('.')) {
        this.i += 1;
        const t = this.tokens[this.i++];
        if (t?.t === 'op' && t.v === '*') { v = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : []; continue; }
        if (t?.t !== 'id') throw new ExpressionError(`expected a property name in "${this.src}"`);
        v = this.prop(v, t.v);
      } else if (this.peek('[')) {
        this.i += 1;
        const key = this.or();
        this.expect(']');
        v = this.prop(v, toText(key));
      } else return v;
    }
  }

  private prop(v: Value, key: string): Value {
    if (Array.isArray(v)) return /^\d+$/.test(key) ? v[Number(key)] ?? null : null;
    if (v && typeof v === 'object') {
      const hit = Object.keys(v).find((k) => k.toLowerCase() === key.toLowerCase());
      return hit === undefined ? null : v[hit] ?? null;
    }
    return null;
  }

  private primary(): Value {
    const t = this.tokens[this.i++];
    if (!t) throw new ExpressionError(`"${this.src}" ends too early`);
    if (t.t === 'num' || t.t === 'str') return t.v;
    if (t.t === 'op' && t.v === '(') { const v = this.or(); this.expect(')'); return v; }
    if (t.t !== 'id') throw new ExpressionError(`unexpected "${t.v}" in "${this.src}"`);
    if (t.v === 'true') return true;
    if (t.v === 'false') return false;
    if (t.v === 'null') return null;
    if (this.peek('(')) return this.call(t.v);
    if (!(t.v in this.scope.contexts)) throw new ExpressionError(`unknown context "${t.v}" in "${this.src}" (the simulator knows ${Object.keys(this.scope.contexts).join(', ')})`);
    return this.scope.contexts[t.v] ?? null;
  }

  private call(name: string): Value {
    this.expect('(');
    const args: Value[] = [];
    while (!this.peek(')')) {
      args.push(this.or());
      if (!this.peek(')')) this.expect(',');
    }
    this.expect(')');
    const s = (k: number) => toText(args[k] ?? null);
    switch (name.toLowerCase()) {
      case 'success': return !this.scope.jobFailed;
      case 'failure': return Boolean(this.scope.jobFailed);
      case 'always': return true;
      case 'cancelled': return false;
      case 'contains': {
        const hay = args[0] ?? null;
        if (Array.isArray(hay)) return hay.some((x) => looseEqual(x, args[1] ?? null));
        return s(0).toLowerCase().includes(s(1).toLowerCase());
      }
      case 'startswith': return s(0).toLowerCase().startsWith(s(1).toLowerCase());
      case 'endswith': return s(0).toLowerCase().endsWith(s(1).toLowerCase());
      case 'format': return s(0).replace(/\{(\d+)\}/g, (_, n: string) => s(Number(n) + 1));
      case 'join': return Array.isArray(args[0]) ? args[0].map(toText).join(args.length > 1 ? s(1) : ',') : s(0);
      case 'tojson': return JSON.stringify(args[0] ?? null, null, 2);
      case 'fromjson':
        try {
          return JSON.parse(s(0)) as Value;
        } catch {
          throw new ExpressionError(`fromJSON: "${s(0)}" is not JSON`);
        }
      default: throw new ExpressionError(`the simulator does not evaluate ${name}() (in "${this.src}")`);
    }
  }
}

/** Evaluates one expression (the text between `${{` and `}}`, or an `if:` condition). */
export function evaluate(expr: string, scope: ExpressionScope): Value {
  return new Parser(tokenize(expr), expr.trim(), scope).parse();
}

/** Whether an `if:` holds; GitHub wraps a condition without a status function in success() && (…). */
export function condition(expr: unknown, scope: ExpressionScope): boolean {
  if (expr === undefined || expr === null || expr === '') return !scope.jobFailed;
  if (typeof expr === 'boolean') return expr && !scope.jobFailed;
  const text = String(expr).trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const withStatus = /\b(success|failure|always|cancelled)\s*\(/.test(text) ? text : `success() && (${text})`;
  return truthy(evaluate(withStatus, scope));
}

/** Replaces every `${{ … }}` in a string. A whole-string expression keeps its value's type (for matrices). */
export function expandValue(text: string, scope: ExpressionScope): Value {
  const whole = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/.exec(text);
  if (whole && !whole[1]!.includes('}}')) return evaluate(whole[1]!, scope);
  return expand(text, scope);
}

export function expand(text: string, scope: ExpressionScope): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => toText(evaluate(expr, scope)));
}
