// One ajv (JSON Schema 2020-12, strict, all errors) compiling every schema registered in
// core/schemas/index.ts. Schemas reference each other by $id, so all are added before any compiles.
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import * as REGISTERED from '../schemas/index.js';
import { CopilotError } from '../errors.js';

// ajv and ajv-formats are CommonJS with a `default` export; under NodeNext the default import is the
// module object for the type checker and the function at run time. Accept both.
type AjvClass = typeof Ajv2020Module.default;
const Ajv2020 = ((Ajv2020Module as unknown as { default?: AjvClass }).default ?? Ajv2020Module) as AjvClass;
type AddFormats = typeof addFormatsModule.default;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as AddFormats;

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

function instance(): InstanceType<AjvClass> {
  if (ajv) return ajv;
  // discriminator: a oneOf keyed by "kind" reports only the branch the document meant.
  // strictRequired stays off: `then: { required: [...] }` (a conditional requirement) names properties
  // defined beside the `if`, which that check cannot see. Every other strict check is on.
  const a = new Ajv2020({ strict: true, strictRequired: false, allErrors: true, verbose: true, discriminator: true, allowUnionTypes: true });
  addFormats(a);
  for (const name of schemaNames()) {
    const schema = SCHEMAS[name]!;
    if (schema.$id !== schemaId(name)) {
      throw new CopilotError('INTERNAL', `schema "${name}" has $id ${JSON.stringify(schema.$id)}; expected "${schemaId(name)}"`);
    }
    a.addSchema(schema as Record<string, unknown>);
  }
  ajv = a;
  return a;
}

/** The compiled validator of a registered schema; an unknown name is a programming error. */
export function validatorFor(name: string): ValidateFunction {
  const done = compiled.get(name);
  if (done) return done;
  if (!SCHEMAS[name]) {
    throw new CopilotError('INTERNAL', `no schema named "${name}"; known: ${schemaNames().join(', ')}`);
  }
  const fn = instance().getSchema(schemaId(name));
  if (!fn) throw new CopilotError('INTERNAL', `schema "${name}" did not compile`);
  compiled.set(name, fn);
  return fn;
}

/** Compiles every registered schema now (tests and startup), so a bad schema fails early. */
export function compileAll(): void {
  for (const name of schemaNames()) validatorFor(name);
}
