// core/types/generated.ts must be exactly what the schemas generate today.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { GENERATED_PATH, generateTypes } from '../../scripts/gen-types.js';
import { generateValidators, VALIDATORS_PATH, VALIDATORS_TYPES_PATH } from '../../scripts/gen-validators.js';

describe('generated types', () => {
  it('match core/schemas (run `npm run gen:types` after changing a schema)', async () => {
    const [onDisk, fresh] = await Promise.all([readFile(GENERATED_PATH, 'utf8'), generateTypes()]);
    expect(onDisk === fresh, 'core/types/generated.ts is out of date: run `npm run gen:types` and commit it').toBe(true);
  });

  it('is deterministic', async () => {
    expect(await generateTypes()).toBe(await generateTypes());
  });
});

describe('generated validators', () => {
  it('match core/schemas (run `npm run gen:validators` after changing a schema)', async () => {
    const fresh = generateValidators();
    const [js, dts] = await Promise.all([readFile(VALIDATORS_PATH, 'utf8'), readFile(VALIDATORS_TYPES_PATH, 'utf8')]);
    expect(js === fresh.js && dts === fresh.dts, 'core/schema/validators.generated.js is out of date: run `npm run gen:validators` and commit it').toBe(true);
  });

  it('judge as the validators ajv compiles at run time: the same verdict and the same errors', async () => {
    const { newAjv, schemaId, schemaNames, validatorFor } = await import('../../core/schema/registry.js');
    const ajv = newAjv();
    const plan = JSON.parse(await readFile(new URL('../../examples/demo-migration/plans/migration_plan.json', import.meta.url), 'utf8'));
    const docs: [string, unknown][] = [
      ['migration_plan', plan],
      ['migration_plan', { ...plan, version: 'one', extra: true, steps: [{ kind: 'nope' }] }],
      ['project', { id: 7 }],
      ['signed_plan', {}],
    ];
    for (const [name, doc] of docs) {
      const pre = validatorFor(name);
      const compiled = ajv.getSchema(schemaId(name))!;
      expect(pre).not.toBe(compiled);
      expect([pre(doc), pre.errors]).toEqual([compiled(doc), compiled.errors]);
    }
    expect(schemaNames().every((n) => typeof validatorFor(n) === 'function')).toBe(true);
  });
});
