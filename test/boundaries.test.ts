// Proves the import boundaries of the design are enforced by lint, not by convention.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function errors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

describe('import boundaries', () => {
  it.each([
    ['core/x.ts', "import pg from 'pg';\nexport const a = pg;\n"],
    ['core/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
    ['core/x.ts', "import { a } from '../runner/y.js';\nexport const b = a;\n"],
    ['core/x.ts', "import { a } from '../app/y.js';\nexport const b = a;\n"],
    ['app/x.ts', "import { a } from '../runner/connectors/pg.js';\nexport const b = a;\n"],
    ['app/x.ts', "import { DuckDBInstance } from '@duckdb/node-api';\nexport const b = DuckDBInstance;\n"],
    ['runner/x.ts', "import { Probot } from 'probot';\nexport const b = Probot;\n"],
    ['runner/x.ts', "import { a } from '../app/y.js';\nexport const b = a;\n"],
  ])('%s: refuses %s', async (file, code) => {
    expect(await errors(file, code)).toContain('no-restricted-imports');
  });

  it.each([
    ['core/x.ts', 'export const t = Date.now();\n', 'no-restricted-properties'],
    ['core/x.ts', 'export const t = new Date();\n', 'no-restricted-syntax'],
    ['core/x.ts', 'export const e = process.env.X;\n', 'no-restricted-properties'],
  ])('%s: core has no clock or environment (%s)', async (file, code, rule) => {
    expect(await errors(file, code)).toContain(rule);
  });

  it.each([
    ['core/x.ts', "import { createHash } from 'node:crypto';\nexport const h = createHash;\n"],
    ['app/x.ts', "import { a } from '../core/y.js';\nexport const b = a;\n"],
    ['runner/x.ts', "import { a } from '../core/y.js';\nexport const b = a;\n"],
  ])('%s: allows %s', async (file, code) => {
    expect(await errors(file, code)).toEqual([]);
  });
});
