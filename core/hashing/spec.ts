// The hashing spec (policies/hashing_spec.json) as a checked, read-only model. The compiler only
// knows the forms listed here; a spec asking for any other form is refused rather than half-honoured.
import { CopilotError } from '../errors.js';
import { parseJson } from '../schema/parse-json.js';
import { validateDocument } from '../schema/validate.js';
import { LOGICAL_TYPES, type LogicalType } from './types.js';

export interface HashingSpec {
  readonly specId: string;
  readonly version: string;
  readonly digest: 'md5';
  readonly nullSentinel: string;
  readonly separator: string;
  readonly escape: string;
  readonly formats: Readonly<Record<LogicalType, string>>;
}

const COMPILED_FORMATS: Record<LogicalType, string> = {
  integer: 'decimal-integer',
  decimal: 'fixed-scale',
  float: 'binary-mantissa-exponent',
  string: 'exact',
  boolean: 'digit',
  date: 'YYYY-MM-DD',
  time: 'HH:MM:SS.ffffff',
  timestamp: 'YYYY-MM-DD HH:MM:SS.ffffff',
  timestamptz: 'YYYY-MM-DD HH:MM:SS.ffffff',
  binary: 'hex-lower',
  uuid: 'lower-hyphenated',
  json: 'sorted-leaf-paths',
  array: 'braced-quoted-elements',
  enum: 'label',
  interval: 'months-days-microseconds',
};

/** Characters no non-text canonical form can contain: digits, '-', '.', ':', ' ', 'p', letters of NaN/Infinity. */
const UNSAFE_FOR_SEPARATOR = /[0-9a-zA-Z.:\- +]/;

interface RawSpec {
  spec_id: string;
  version: string;
  digest: 'md5';
  null_sentinel: string;
  field_separator: string;
  escape_char: string;
  types: Record<LogicalType, { format: string }>;
}

/** Parses and checks hashing_spec.json text; `file` names it in errors. */
export function parseHashingSpec(text: string, file: string): HashingSpec {
  const doc = parseJson(text, file);
  const findings = doc.findings.length > 0 ? doc.findings : validateDocument('hashing_spec', doc.value, doc);
  if (findings.length > 0) {
    const f = findings[0]!;
    throw new CopilotError('SCHEMA_INVALID', `${f.path}:${f.line} ${f.pointer || '/'}: ${f.message}`, {
      hint: 'fix the hashing spec (policies/hashing_spec.json holds the default) and run again',
    });
  }
  return hashingSpecFrom(doc.value as RawSpec, file);
}

export function hashingSpecFrom(raw: RawSpec, file = 'hashing_spec.json'): HashingSpec {
  const bad = (pointer: string, message: string): never => {
    throw new CopilotError('SCHEMA_INVALID', `${file} ${pointer}: ${message}`, {
      hint: 'use the forms of policies/hashing_spec.json; the compiler supports no others',
    });
  };
  for (const t of LOGICAL_TYPES) {
    const format = raw.types[t]?.format;
    if (format !== COMPILED_FORMATS[t]) bad(`/types/${t}/format`, `"${format}" is not the form this compiler implements ("${COMPILED_FORMATS[t]}")`);
  }
  if (UNSAFE_FOR_SEPARATOR.test(raw.field_separator)) bad('/field_separator', 'the separator must not occur in any canonical non-text form');
  if (UNSAFE_FOR_SEPARATOR.test(raw.escape_char) || raw.escape_char === raw.field_separator) {
    bad('/escape_char', 'the escape character must differ from the separator and occur in no canonical non-text form');
  }
  const follower = raw.null_sentinel[1] ?? '';
  if (raw.null_sentinel[0] !== raw.escape_char || follower === raw.escape_char || follower === raw.field_separator) {
    bad('/null_sentinel', 'the NULL sentinel must be the escape character followed by a character escaping never produces');
  }
  return Object.freeze({
    specId: raw.spec_id,
    version: raw.version,
    digest: raw.digest,
    nullSentinel: raw.null_sentinel,
    separator: raw.field_separator,
    escape: raw.escape_char,
    formats: Object.freeze({ ...COMPILED_FORMATS }),
  });
}
