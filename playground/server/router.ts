// Matches a method and path to a route. Templates come from GitHub's description; a parameter matches
// one path segment, except a trailing {path} or {ref}-like parameter of the git data API, which GitHub
// lets span slashes (refs/heads/feature/x, contents/dir/file).
import type { Route } from './route.js';

interface Compiled {
  readonly route: Route;
  readonly regex: RegExp;
  readonly names: string[];
}

const GREEDY = new Set(['path', 'ref', 'basehead']);

export class Router {
  private readonly compiled: Compiled[] = [];

  constructor(routes: Route[]) {
    for (const route of routes) {
      const names: string[] = [];
      const parts = route.path.split('/');
      const last = /^\{([^}]+)\}$/.exec(parts[parts.length - 1]!);
      const greedy = last !== null && GREEDY.has(last[1]!);
      const segments = (greedy ? parts.slice(0, -1) : parts).map((seg) => seg.replace(/\{([^}]+)\}/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      }));
      if (greedy) names.push(last[1]!);
      // A trailing path-like parameter may span slashes, and may be empty (the repository root).
      const tail = greedy ? '(?:/(.*))?' : '/?';
      this.compiled.push({ route, regex: new RegExp(`^${segments.join('/')}${tail}$`), names });
    }
    // Literal segments win over parameters (GitHub's /pulls/comments before /pulls/{pull_number}).
    this.compiled.sort((a, b) => b.route.path.replace(/\{[^}]+\}/g, '').length - a.route.path.replace(/\{[^}]+\}/g, '').length);
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | 'method' | undefined {
    let pathMatched = false;
    let emptyTail: { route: Route; params: Record<string, string> } | undefined;
    for (const c of this.compiled) {
      const m = c.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (c.route.method !== method) continue;
      const params: Record<string, string> = {};
      c.names.forEach((name, i) => {
        const value = decodeURIComponent(m[i + 1] ?? '');
        params[name] = name === 'path' ? value.replace(/\/$/, '') : value;
      });
      // An empty trailing parameter (…/contents/) matches only when no route matches the path exactly
      // (…/commits is the list, not get-commit with an empty ref).
      if (m[c.names.length] === undefined && c.names.length > 0 && GREEDY.has(c.names[c.names.length - 1]!)) {
        emptyTail ??= { route: c.route, params };
        continue;
      }
      return { route: c.route, params };
    }
    return emptyTail ?? (pathMatched ? 'method' : undefined);
  }
}
