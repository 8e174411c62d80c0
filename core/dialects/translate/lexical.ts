// The text of a query cut into code and the parts that are not code (string literals, quoted
// identifiers, comments), for the few source forms the parser cannot read: MySQL's charset
// introducers and the Hive clauses named in a reason. Backslash escapes are read as MySQL and Hive
// read them.

export interface Segment {
  readonly kind: 'code' | 'string' | 'identifier' | 'comment';
  readonly text: string;
}

export function segments(sql: string): Segment[] {
  const out: Segment[] = [];
  let code = '';
  let i = 0;
  const flush = () => { if (code) out.push({ kind: 'code', text: code }); code = ''; };
  while (i < sql.length) {
    const c = sql[i]!;
    const two = sql.slice(i, i + 2);
    if (c === '\'' || c === '"' || c === '`') {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === '\\' && c !== '`') { j += 2; continue; }
        if (sql[j] === c) {
          if (sql[j + 1] === c) { j += 2; continue; }
          break;
        }
        j++;
      }
      flush();
      out.push({ kind: c === '`' ? 'identifier' : 'string', text: sql.slice(i, j + 1) });
      i = j + 1;
    } else if (two === '--' || c === '#') {
      const end = sql.indexOf('\n', i);
      flush();
      out.push({ kind: 'comment', text: sql.slice(i, end < 0 ? sql.length : end) });
      i = end < 0 ? sql.length : end;
    } else if (two === '/*') {
      const end = sql.indexOf('*/', i + 2);
      flush();
      out.push({ kind: 'comment', text: sql.slice(i, end < 0 ? sql.length : end + 2) });
      i = end < 0 ? sql.length : end + 2;
    } else {
      code += c;
      i++;
    }
  }
  flush();
  return out;
}

/** MySQL's UTF-8 charset introducers (`_utf8'x'`, `_utf8mb4'x'`) removed: the literal alone means the
 * same text in a UTF-8 database. Other charsets are left for the parser to refuse. */
export function withoutUtf8Introducers(sql: string): string {
  const parts = segments(sql);
  return parts.map((p, k) => (p.kind === 'code' && parts[k + 1]?.kind === 'string' && parts[k + 1]!.text.startsWith('\'')
    ? p.text.replace(/(^|[^\w$])_utf8(mb[34])?$/i, '$1') : p.text)).join('');
}

/** Words of the code (outside literals and comments), upper case, in order. */
export function codeWords(sql: string): string[] {
  return segments(sql).filter((s) => s.kind === 'code').flatMap((s) => s.text.toUpperCase().match(/[A-Z_][A-Z0-9_]*|\d+/g) ?? []);
}
