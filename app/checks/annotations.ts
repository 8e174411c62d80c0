// Findings as check-run annotations: each on its file and line, errors as failure and warnings as warning.
// GitHub takes at most 50 annotations a request, so they are sent in batches of 50 (a create, then
// updates); past MAX_ANNOTATIONS the rest are only in the summary. A finding with no file (a validator's
// own failure) cannot be an annotation.
import type { Finding } from '../../core/schema/finding.js';
import type { CheckAnnotation } from '../github/port.js';

export const ANNOTATIONS_PER_REQUEST = 50;
export const MAX_ANNOTATIONS = 500;

export function annotatable(f: Finding): boolean {
  return f.path !== '' && !f.path.startsWith('<') && !f.path.startsWith('/');
}

export function annotationsOf(findings: readonly Finding[]): CheckAnnotation[] {
  return findings.filter(annotatable).slice(0, MAX_ANNOTATIONS).map((f) => ({
    path: f.path,
    start_line: Math.max(1, f.line),
    end_line: Math.max(1, f.line),
    annotation_level: f.severity === 'error' ? 'failure' : 'warning',
    title: f.rule,
    message: f.message,
  }));
}

export function batches<T>(items: readonly T[], size = ANNOTATIONS_PER_REQUEST): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
