// core/types/generated.ts must be exactly what the schemas generate today.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { GENERATED_PATH, generateTypes } from '../../scripts/gen-types.js';

describe('generated types', () => {
  it('match core/schemas (run `npm run gen:types` after changing a schema)', async () => {
    const [onDisk, fresh] = await Promise.all([readFile(GENERATED_PATH, 'utf8'), generateTypes()]);
    expect(onDisk === fresh, 'core/types/generated.ts is out of date: run `npm run gen:types` and commit it').toBe(true);
  });

  it('is deterministic', async () => {
    expect(await generateTypes()).toBe(await generateTypes());
  });
});
