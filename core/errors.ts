// Errors carry a code and a cause, and say which kind of "no" they are. The CLI maps the kind to its
// exit code (design, CLI section): a policy "no" is never confused with a broken system.
//   refused -> exit 1: the answer is no (validation failed, signature refused, differences found)
//   input   -> exit 2: bad usage or bad input (malformed file, unknown flag)
//   system  -> exit 3: the system failed (connection, I/O)

export type ErrorKind = 'refused' | 'input' | 'system';

export type ErrorCode =
  | 'USAGE'
  | 'INPUT_INVALID'
  | 'SCHEMA_INVALID'
  | 'FILE_NOT_FOUND'
  | 'POLICY_INVALID'
  | 'VALIDATION_FAILED'
  | 'APPROVALS_MISSING'
  | 'PLAN_SIGNATURE_INVALID'
  | 'PLAN_REFUSED'
  | 'AUDIT_CHAIN_BROKEN'
  | 'SECRET_UNRESOLVED'
  | 'CONNECTION_FAILED'
  | 'QUERY_FAILED'
  | 'RECON_DIFFERENCES'
  | 'ARTIFACT_CONFLICT'
  | 'ARTIFACT_DIGEST_MISMATCH'
  | 'IO_FAILED'
  | 'SIGNING_FAILED'
  | 'INTERNAL';

const KIND_OF: Record<ErrorCode, ErrorKind> = {
  USAGE: 'input',
  INPUT_INVALID: 'input',
  SCHEMA_INVALID: 'input',
  FILE_NOT_FOUND: 'input',
  POLICY_INVALID: 'input',
  SECRET_UNRESOLVED: 'input',
  VALIDATION_FAILED: 'refused',
  APPROVALS_MISSING: 'refused',
  PLAN_SIGNATURE_INVALID: 'refused',
  PLAN_REFUSED: 'refused',
  AUDIT_CHAIN_BROKEN: 'refused',
  RECON_DIFFERENCES: 'refused',
  ARTIFACT_CONFLICT: 'refused',
  ARTIFACT_DIGEST_MISMATCH: 'refused',
  CONNECTION_FAILED: 'system',
  QUERY_FAILED: 'system',
  IO_FAILED: 'system',
  SIGNING_FAILED: 'system',
  INTERNAL: 'system',
};

export const EXIT_CODE: Record<ErrorKind, 1 | 2 | 3> = { refused: 1, input: 2, system: 3 };

export class CopilotError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  /** What the user should do next; printed after the message. */
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CopilotError';
    this.code = code;
    this.kind = KIND_OF[code];
    this.hint = options.hint;
  }

  get exitCode(): 1 | 2 | 3 {
    return EXIT_CODE[this.kind];
  }
}

export function isCopilotError(e: unknown): e is CopilotError {
  return e instanceof CopilotError;
}
