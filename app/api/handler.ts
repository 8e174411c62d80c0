// The read-only REST API on the app's own server (Probot 14's addHandler: its server has no Express
// router any more). Placeholder until the API lands: it claims no request, so Probot answers 404.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Probot } from 'probot';
import type { AppRuntime } from '../queue/runtime.js';

export function apiHandler(_app: Probot, _runtime: AppRuntime): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async () => false;
}
