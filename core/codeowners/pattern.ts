// CODEOWNERS patterns as GitHub reads them: gitignore syntax, case-sensitive, minus negation (`!`)
// and character ranges (`[ ]`), which GitHub rejects. Compiled to an anchored regular expression over
// repository-relative file paths ("a/b/c.txt", no leading slash).
//
//   /x      anchored at the repository root;  x/y   anchored too (a slash inside anchors)
//   x       one segment without a slash: matches at any depth
//   x/      only directories: matches what is under x, never a file named x
//   x       a pattern also owns everything under a directory it names
//   a/*     exactly one more segment (GitHub: "docs/*" owns docs/a.md, not docs/sub/b.md)
//   **      leading: any directories; trailing: everything under; middle: zero or more directories
//   *  ?    within one segment: any run / any one character except "/"
//   \c      the character c itself (`\#`, `\ `, `\*`, `\[`)

/** Why a pattern cannot be used; undefined when it can. */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.startsWith('!')) return 'negation with "!" is not supported in CODEOWNERS; list the paths that have owners instead';
  if (pattern.startsWith('\\#')) {
    return 'GitHub does not support escaping a leading "#" in CODEOWNERS; the line would be read as a comment';
  }
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      if (i === pattern.length - 1) return 'the pattern ends with a lone "\\"; escape a character after it or remove it';
      i++;
      continue;
    }
    if (c === '[' || c === ']') return `character ranges with "${c}" are not supported in CODEOWNERS; escape it as "\\${c}" for a literal`;
  }
  if (/(^|[^\\])\*\*\*/.test(pattern)) return 'three consecutive asterisks are not a valid pattern; use "**" for any directories';
  return undefined;
}

/** Splits on unescaped "/", keeping escapes in the parts. */
function splitSegments(pattern: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      cur += c + pattern[i + 1];
      i++;
    } else if (c === '/') {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out;
}

const escapeRegex = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function segmentRegex(segment: string): string {
  if (segment === '*') return '[^/]+';
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '\\' && i + 1 < segment.length) {
      out += escapeRegex(segment[++i]!);
    } else if (c === '*') {
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else {
      out += escapeRegex(c);
    }
  }
  return out;
}

/** Compiles a pattern that passed patternProblem. */
export function compilePattern(pattern: string): RegExp {
  let p = pattern;
  const anchored = p.startsWith('/');
  if (anchored) p = p.slice(1);
  const directoryOnly = p.endsWith('/') && !p.endsWith('\\/');
  if (directoryOnly) p = p.slice(0, -1);
  if (p === '') return /(?!)/; // "/" names no file

  let segments = splitSegments(p);
  if (!anchored && segments.length === 1 && segments[0] !== '**') segments = ['**', ...segments];
  if (directoryOnly && segments[segments.length - 1] !== '**') segments.push('**');

  const last = segments.length - 1;
  let re = '^';
  let needSlash = false;
  segments.forEach((segment, i) => {
    if (segment === '**') {
      if (i === 0 && i === last) re += '.+';
      else if (i === 0) re += '(?:.+/)?';
      else if (i === last) re += '/.+';
      else re += '(?:/.+)?';
      needSlash = i !== 0;
      return;
    }
    if (needSlash) re += '/';
    re += segmentRegex(segment);
    // A named file or directory owns what is beneath it; a lone final "*" names one level only.
    if (i === last && segment !== '*') re += '(?:/.*)?';
    needSlash = true;
  });
  return new RegExp(`${re}$`, 'su');
}
