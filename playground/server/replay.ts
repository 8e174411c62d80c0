// Checks a trace file (MIGRATION_COPILOT_SIM_TRACE) against GitHub's description after the fact: every
// line's request and response, by the operation its path and method name. Redacted tokens are strings,
// so they check like the real values.
import { readFileSync } from 'node:fs';
import { ROUTES } from '../api/routes.js';
import { githubDescription } from './openapi.js';
import { Router } from './router.js';
import type { TraceLine } from './trace.js';

export interface ReplayResult {
  readonly lines: number;
  readonly problems: string[];
}

export function checkTrace(file: string): ReplayResult {
  const router = new Router(ROUTES);
  const description = githubDescription();
  const problems: string[] = [];
  const text = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  text.forEach((raw, i) => {
    const line = JSON.parse(raw) as TraceLine;
    const url = new URL(line.path, 'http://trace');
    if (url.pathname.startsWith('/git/')) return; // git over HTTP: not an API operation
    const match = router.match(line.method, url.pathname);
    if (!match || match === 'method') {
      if (line.status !== 404) problems.push(`line ${i + 1}: ${line.method} ${url.pathname} is not a served operation`);
      return;
    }
    const where = `line ${i + 1} (${line.method} ${url.pathname})`;
    if (line.status !== 422) {
      const req = description.checkRequest(line.method, match.route.path, match.route.operationId, match.params, url.searchParams,
        line.method === 'GET' ? undefined : line.request ?? undefined);
      problems.push(...req.detail.map((p) => `${where}: ${p}`));
    }
    if (line.status < 500 && line.status !== 422) {
      const res = description.checkResponse(line.method, match.route.path, line.status, line.response ?? undefined);
      problems.push(...res.map((p) => `${where}: ${p}`));
    }
  });
  return { lines: text.length, problems };
}
