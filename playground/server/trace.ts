// MIGRATION_COPILOT_SIM_TRACE=FILE: one JSON line per request, so a run can be replayed and checked
// against GitHub's description by anyone. Token values in bodies are redacted: secrets never reach files.
import { appendFileSync } from 'node:fs';

export interface TraceLine {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly actor: string | null;
  readonly request: unknown;
  readonly response: unknown;
}

const SECRET_KEYS = new Set(['token', 'private_key', 'client_secret', 'webhook_secret', 'secret']);

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) =>
      [k, SECRET_KEYS.has(k) && typeof v === 'string' ? '[redacted]' : redact(v)]));
  }
  return value;
}

export class Trace {
  constructor(private readonly file: string) {}

  write(line: TraceLine): void {
    appendFileSync(this.file, `${JSON.stringify({ ...line, request: redact(line.request) ?? null, response: redact(line.response) ?? null })}\n`);
  }
}
