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
      const segments = route.path.split('/').map((seg, i, all) => seg.replace(/\{([^}]+)\}/g, (_m, name: string) => {
        names.push(name);
        return GREEDY.has(name) && i === all.length - 1 ? '(.+)' : '([^/]+)';
      }));
      this.compiled.push({ route, regex: new RegExp(`^${segments.join('/')}/?$`), names });
    }
    // Literal segments win over parameters (GitHub's /pulls/comments before /pulls/{pull_number}).
    this.compiled.sort((a, b) => b.route.path.replace(/\{[^}]+\}/g, '').length - a.route.path.replace(/\{[^}]+\}/g, '').length);
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | 'method' | undefined {
    let pathMatched = false;
    for (const c of this.compiled) {
      const m = c.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (c.route.method !== method) continue;
      const params: Record<string, string> = {};
      c.names.forEach((name, i) => { params[name] = decodeURIComponent(m[i + 1]!); });
      return { route: c.route, params };
    }
    return pathMatched ? 'method' : undefined;
  }
}
