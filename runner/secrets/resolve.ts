// Secret references: a value written as `env:NAME` is read from the environment at the point of use.
// The error for a missing one names the variable, never a value.
import { CopilotError } from '../../core/errors.js';
import type { Redactor } from './redact.js';

const REF = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

export function isSecretRef(value: string): boolean {
  return REF.test(value);
}

/**
 * Resolves `env:NAME` (or returns a literal value unchanged). Resolved values are registered with the
 * redactor so no later message can print them.
 */
export function resolveSecret(value: string, env: Readonly<Record<string, string | undefined>>, redactor: Redactor): string {
  const m = REF.exec(value);
  if (!m) {
    redactor.addCredentials(value);
    return value;
  }
  const name = m[1]!;
  const resolved = env[name];
  if (resolved === undefined || resolved === '') {
    throw new CopilotError('SECRET_UNRESOLVED', `secret reference env:${name} is not set`, {
      hint: `export ${name}=<connection string> (or pass the connection string directly)`,
    });
  }
  redactor.add(resolved);
  return resolved;
}
