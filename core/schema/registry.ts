// One ajv (JSON Schema 2020-12, strict, all errors) compiling every schema registered in
// core/schemas/index.ts. Schemas reference each other by $id, so all are added before any compiles.
// validatorFor serves the validators ajv generated ahead of time from the same schemas with the same options
// (validators.generated.js, `npm run gen:validators`; a test fails when it drifts): compiling them at run time
// cost every process that validates a few hundred milliseconds at start.
import { createRequire } from 'node:module';
import type Ajv2020Module from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import type addFormatsModule from 'ajv-formats';
import * as REGISTERED from '../schemas/index.js';
import * as PRECOMPILED from './validators.generated.js';
import { CopilotError } from '../errors.js';

// ajv itself is loaded only where a schema is compiled (tests, the generator, a schema the generated module
// lacks); a process that validates with the generated validators never loads it. ajv and ajv-formats are
// CommonJS with a `default` export; accept the module object or the function.
type AjvClass = typeof Ajv2020Module.default;
type AddFormats = typeof addFormatsModule.default;
const require = createRequire(import.meta.url);
function ajvLibrary(): { Ajv2020: AjvClass; addFormats: AddFormats } {
  const a = require('ajv/dist/2020.js') as { default?: AjvClass } & AjvClass;
  const f = require('ajv-formats') as { default?: AddFormats } & AddFormats;
  return { Ajv2020: a.default ?? a, addFormats: f.default ?? f };
}

export const SCHEMA_ID_BASE = 'https://migration-copilot.dev/schemas/';

export type SchemaName = keyof typeof REGISTERED & string;

/** name -> schema object, as registered (the JSON module's default export). */
export const SCHEMAS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = Object.freeze(
  Object.fromEntries(
    Object.entries(REGISTERED as Record<string, unknown>).map(([name, mod]) => [name, unwrap(mod)]),
  ),
);

function unwrap(mod: unknown): Readonly<Record<string, unknown>> {
  // `export { default as x } from './x.schema.json'` yields the object itself; guard against a namespace.
  const m = mod as { default?: unknown; $id?: unknown };
  return (m.$id === undefined && m.default !== undefined ? m.default : m) as Readonly<Record<string, unknown>>;
}

export function schemaId(name: string): string {
  return `${SCHEMA_ID_BASE}${name}.schema.json`;
}

export function schemaNames(): string[] {
  return Object.keys(SCHEMAS).sort();
}

let ajv: InstanceType<AjvClass> | undefined;
const compiled = new Map<string, ValidateFunction>();

/**
 * The ajv options every validator is compiled with, at run time and ahead of time (`code` is added there).
 * discriminator: a oneOf keyed by "kind" reports only the branch the document meant.
 * strictRequired stays off: `then: { required: [...] }` (a conditional requirement) names properties
 * defined beside the `if`, which that check cannot see. Every other strict check is on.
 */
export const AJV_OPTIONS = { strict: true, strictRequired: false, allErrors: true, verbose: true, discriminator: true, allowUnionTypes: true } as const;

/** A new ajv with `extra` options, the formats, and every registered schema added (none compiled yet). */
export function newAjv(extra: Record<string, unknown> = {}): InstanceType<AjvClass> {
  const { Ajv2020, addFormats } = ajvLibrary();
  const a = new Ajv2020({ ...AJV_OPTIONS, ...extra });
  addFormats(a);
  for (const name of schemaNames()) {
    const schema = SCHEMAS[name]!;
    if (schema.$id !== schemaId(name)) {
      throw new CopilotError('INTERNAL', `schema "${name}" has $id ${JSON.stringify(schema.$id)}; expected "${schemaId(name)}"`);
    }
    a.addSchema(schema as Record<string, unknown>);
  }
  return a;
}

function instance(): InstanceType<AjvClass> {
  ajv ??= newAjv();
  return ajv;
}

/** The compiled validator of a registered schema; an unknown name is a programming error. */
export function validatorFor(name: string): ValidateFunction {
  const done = compiled.get(name);
  if (done) return done;
  if (!SCHEMAS[name]) {
    throw new CopilotError('INTERNAL', `no schema named "${name}"; known: ${schemaNames().join(', ')}`);
  }
  const fn = (PRECOMPILED as Record<string, ValidateFunction | undefined>)[name] ?? compile(name);
  compiled.set(name, fn);
  return fn;
}

function compile(name: string): ValidateFunction {
  const fn = instance().getSchema(schemaId(name));
  if (!fn) throw new CopilotError('INTERNAL', `schema "${name}" did not compile`);
  return fn;
}

/** Compiles every registered schema with ajv now (tests), so a bad schema fails early. */
export function compileAll(): void {
  for (const name of schemaNames()) compile(name);
}
