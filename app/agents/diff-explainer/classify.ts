// Why two canonical texts of the same cell differ, by the first explanation that fits: precision or
// scale, a time zone shift, trailing whitespace, Unicode normalisation, truncation, NULL vs empty,
// case folding by a collation; otherwise a plain value difference.

export type DiffClass = 'precision_or_scale' | 'time_zone_shift' | 'trailing_whitespace' | 'unicode_normalisation' | 'truncation'
  | 'null_vs_empty' | 'case_folding' | 'value';

const NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}(:?\d{2})?)?$/;

export function classify(source: string | null, target: string | null): DiffClass {
  if (source === null || target === null) return (source ?? target) === '' ? 'null_vs_empty' : 'value';
  if (NUMBER.test(source) && NUMBER.test(target)) {
    const scale = Math.min((source.split('.')[1] ?? '').length, (target.split('.')[1] ?? '').length);
    if (Number(source).toFixed(scale) === Number(target).toFixed(scale) || Math.abs(Number(source) - Number(target)) < 10 ** -scale) return 'precision_or_scale';
  }
  if (TIMESTAMP.test(source) && TIMESTAMP.test(target)) {
    const instant = (v: string) => Date.parse(v.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'));
    const diff = Math.abs(instant(source) - instant(target));
    if (diff > 0 && diff % (15 * 60_000) === 0 && diff <= 14 * 3_600_000) return 'time_zone_shift';
  }
  if (source.trimEnd() === target.trimEnd()) return 'trailing_whitespace';
  if (source.normalize('NFC') === target.normalize('NFC')) return 'unicode_normalisation';
  if (target.length < source.length && source.startsWith(target)) return 'truncation';
  if (source.toLowerCase() === target.toLowerCase()) return 'case_folding';
  return 'value';
}

export const FIXES: Readonly<Record<DiffClass | 'missing_keys' | 'extra_keys', string>> = {
  precision_or_scale: 'map the column to a target type with the source precision and scale in contracts/schema_mapping.yml (or accept the rounding by a manual decision)',
  time_zone_shift: 'load timestamps with their zone (TIMESTAMP WITH TIME ZONE) or set the session time zone to UTC on both sides',
  trailing_whitespace: 'the target trims or pads: map char(n) to varchar with RTRIM on both sides, or keep char(n) in the target',
  unicode_normalisation: 'normalise to NFC before loading (a cast in the mapping), or compare through a normalised canonical text',
  truncation: 'widen the target column to the profile\'s max_length',
  null_vs_empty: 'the target turns empty strings into NULL (or the reverse): map with NULLIF({col}, \'\') on both sides, or change the target\'s setting',
  case_folding: 'a case-insensitive collation folded values: use a binary or case-sensitive collation in the target',
  value: 'the values really differ: rerun the copy step for these keys, then reconcile again',
  missing_keys: 'rows did not arrive: rerun the copy step with --resume; a filter or a failed chunk is the usual cause',
  extra_keys: 'the target has rows the source does not: it was not empty before the load, or the source deleted them since',
};
