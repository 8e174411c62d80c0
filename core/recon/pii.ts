// Which columns are personal data, by the policy's pii rules (patterns matched against column names,
// case-insensitively). Their values never appear in reports: both sides show MASKED.

export interface PiiRule {
  readonly pattern: string;
  readonly masking: string;
}

export const MASKED = '<masked>';

export function piiColumns(columns: readonly string[], rules: readonly PiiRule[]): Set<string> {
  const res = rules.filter((r) => r.masking !== 'none').map((r) => new RegExp(r.pattern, 'i'));
  return new Set(columns.filter((c) => res.some((re) => re.test(c))));
}
