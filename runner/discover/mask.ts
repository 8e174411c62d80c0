// Sample values of personal data never leave the runner as they are: each is masked the way the
// policy's pii rule for its column says, and any value that looks like an email, a phone or a card
// number is masked even when its column's name says nothing.
import { createHash } from 'node:crypto';
import type { ReadonlyPolicy } from '../../core/policy/index.js';
import { PATTERNS } from '../../core/dialects/catalog/profile.js';

export type Masking = 'none' | 'hash' | 'redact' | 'partial' | 'tokenize';

/** The masking of a column by the first pii rule whose pattern matches its name. */
export function maskingOf(column: string, policy: ReadonlyPolicy): Masking {
  const rule = policy.pii.rules.find((r) => new RegExp(r.pattern, 'i').test(column));
  return (rule?.masking ?? 'none') as Masking;
}

const LOOKS_PERSONAL = [PATTERNS.email, PATTERNS.phone, PATTERNS.card_number].map((p) => new RegExp(p));

export function maskValue(value: string, masking: Masking): string {
  const digest = () => createHash('sha256').update(value).digest('hex');
  switch (masking) {
    case 'none': return LOOKS_PERSONAL.some((re) => re.test(value)) ? '<redacted>' : value;
    case 'hash': return `sha256:${digest().slice(0, 16)}`;
    case 'tokenize': return `tok_${digest().slice(0, 12)}`;
    case 'partial': return value.length <= 4 ? '****' : `${'*'.repeat(value.length - 2)}${value.slice(-2)}`;
    case 'redact': return '<redacted>';
  }
}
