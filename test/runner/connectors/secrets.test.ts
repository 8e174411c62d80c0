import { describe, expect, it } from 'vitest';
import { Redactor, safeLocation } from '../../../runner/secrets/redact.js';
import { isSecretRef, resolveSecret } from '../../../runner/secrets/resolve.js';

describe('secret references', () => {
  it.each([
    ['env:SOURCE_URL', true],
    ['env:lower_ok_1', true],
    ['env:', false],
    ['env:1BAD', false],
    ['postgres://h/db', false],
  ])('isSecretRef(%s) = %s', (v, want) => {
    expect(isSecretRef(v)).toBe(want);
  });

  it('resolves from the environment and registers the value for redaction', () => {
    const r = new Redactor();
    expect(resolveSecret('env:X', { X: 'duckdb:/secret/path.db' }, r)).toBe('duckdb:/secret/path.db');
    expect(r.redact('failed on duckdb:/secret/path.db')).toBe('failed on ***');
  });

  it('an unset reference names the variable, never a value', () => {
    expect(() => resolveSecret('env:NOPE', { OTHER: 'x' }, new Redactor())).toThrow(expect.objectContaining({ code: 'SECRET_UNRESOLVED', message: 'secret reference env:NOPE is not set' }));
  });
});

describe('redaction', () => {
  it.each([
    ['postgres://u:p%40ss@h:5432/db', 'login failed for p@ss', 'login failed for ***'],
    ['postgres://u:hunter22@h/db', 'postgres://u:hunter22@h/db refused', 'postgres://***@h/db refused'],
    ['snowflake://u@acct/db?password=topsecret&warehouse=w', 'bad password topsecret', 'bad password ***'],
    ['mysql://h/db', 'mysql://other:x@h2 said no', 'mysql://***@h2 said no'],
  ])('%s', (url, message, want) => {
    const r = new Redactor();
    r.addCredentials(url);
    expect(r.redact(message)).toBe(want);
  });

  it.each([
    ['postgres://u:pw@db.internal:5432/shop?sslmode=require&password=x', 'postgres://db.internal:5432/shop'],
    ['duckdb:/data/w.duckdb', 'duckdb:/data/w.duckdb'],
    ['parquet:/lake', 'parquet:/lake'],
  ])('safeLocation(%s)', (uri, want) => {
    expect(safeLocation(uri)).toBe(want);
  });
});
