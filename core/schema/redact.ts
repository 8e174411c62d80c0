// Values quoted back in findings pass through here first: a finding must never carry a secret, and a
// schema error about a connection string is exactly where someone pasted one.

const SECRET_SHAPES: readonly RegExp[] = [
  /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^@\s]*@/i, // URL with user:password@
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\b(password|passwd|pwd|secret|token|api[_-]?key)\s*[=:]/i,
  /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/,
  /\b(AKIA|ASIA)[A-Z0-9]{16}\b/,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./, // a JWT
];

export function looksSecret(text: string): boolean {
  return SECRET_SHAPES.some((re) => re.test(text));
}

/** The value itself, or a placeholder when it looks like a credential. */
export function redactValue(value: unknown): unknown {
  if (typeof value === 'string' && looksSecret(value)) return '<redacted: looks like a secret>';
  return value;
}
