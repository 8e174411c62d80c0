// Which PostgreSQL -> PostgreSQL columns may travel in binary COPY format: only identical built-in scalar
// types (modifier included) without a cast; the end-to-end exactness is test/runner/execute/pg-binary.test.ts.
import { describe, expect, it } from 'vitest';
import { baseTypeName, binaryCopyRefusal } from '../../../runner/connectors/pg-binary.js';

const col = (target: string, sourceType: string, extra: { cast?: string } = {}) => ({ source: target, sourceType, target, targetType: sourceType, ...extra });
const staging = (...cols: [string, string][]) => cols.map(([name, dataType]) => ({ name, dataType, scale: null }));

describe('binary COPY between PostgreSQL servers', () => {
  it('is chosen when every column has the very same built-in type', () => {
    const types = ['integer', 'numeric(18,4)', 'timestamp with time zone', 'timestamp(3) without time zone', 'character varying(12)', 'bytea', 'interval year to month', 'jsonb', 'uuid'];
    expect(binaryCopyRefusal(types.map((t, i) => col(`c${i}`, t)), staging(...types.map((t, i): [string, string] => [`c${i}`, t])))).toBeUndefined();
  });

  it.each([
    ['a modifier differs', [col('a', 'numeric(18,4)')], staging(['a', 'numeric(20,6)']), 'a is numeric(18,4) in the source and numeric(20,6) in staging'],
    ['a width differs', [col('a', 'integer')], staging(['a', 'bigint']), 'a is integer in the source and bigint in staging'],
    ['the mapping casts', [col('a', 'text', { cast: 'upper({col})' })], staging(['a', 'text']), 'a is cast by the mapping'],
    ['an array carries element OIDs', [col('a', 'text[]')], staging(['a', 'text[]']), 'a is text[], which goes as text'],
    ['an enum is the target\'s own type', [col('a', 'enum')], staging(['a', 'enum']), 'a is enum, which goes as text'],
    ['money depends on the locale', [col('a', 'money')], staging(['a', 'money']), 'a is money, which goes as text'],
    ['staging lacks the column', [col('a', 'text')], staging(['b', 'text']), 'a is not a column of staging'],
  ])('is refused when %s', (_, columns, stage, why) => {
    expect(binaryCopyRefusal(columns, stage)).toBe(why);
  });

  it('names base types without their modifiers', () => {
    expect(baseTypeName('numeric(18,4)')).toBe('numeric');
    expect(baseTypeName('timestamp(3) with time zone')).toBe('timestamp with time zone');
    expect(baseTypeName('character varying(20)')).toBe('character varying');
    expect(baseTypeName('interval day to second(3)')).toBe('interval');
    expect(baseTypeName('text[]')).toBe('text[]');
  });
});
