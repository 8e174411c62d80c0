// Checks webhook payloads against @octokit/webhooks-schemas, the description of GitHub's webhooks.
// Loaded on first use; one compiled validator per event and action, shared by the process.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
let ajv: Ajv | undefined;
let definitions: Record<string, unknown> = {};
const cache = new Map<string, ValidateFunction>();

function load(): Ajv {
  if (!ajv) {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(readFileSync(require.resolve('@octokit/webhooks-schemas/schema.json'), 'utf8'));
    definitions = schema.definitions;
    ajv = new Ajv({ strict: false, validateSchema: false, logger: false, allErrors: true, inlineRefs: false });
    addFormats(ajv);
    // Only the definitions: compiling a reference into the document would otherwise compile its root,
    // a oneOf over every event (seconds of work for one payload).
    ajv.addSchema({ $schema: schema.$schema, definitions }, 'webhooks');
  }
  return ajv;
}

/** Problems with a payload for `event` (its action read from the payload), or [] when it matches. */
export function checkWebhook(event: string, payload: Record<string, unknown>): string[] {
  const a = load();
  const action = typeof payload.action === 'string' ? payload.action : undefined;
  const name = action ? `${event}$${action}` : `${event}$event`;
  if (!(name in definitions)) return [`${name} is not a webhook of GitHub's description`];
  let v = cache.get(name);
  if (!v) {
    v = a.compile({ $ref: `webhooks#/definitions/${encodeURIComponent(name)}` });
    cache.set(name, v);
  }
  if (v(payload)) return [];
  return (v.errors ?? []).slice(0, 5).map((e) => `${name}${e.instancePath || '/'} ${e.message ?? 'is invalid'}${
    e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}
