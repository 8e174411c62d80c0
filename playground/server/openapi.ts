// Checks requests and responses against api.github.com's own description (@octokit/openapi). The 13 MB
// document is parsed on first use only, and each schema is compiled once and cached, so a simulator that
// does not validate starts without it and one that does pays only for the operations it serves.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- GitHub's description is untyped JSON
type Json = any;

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const GENERIC_ERRORS = new Set([401, 403, 404, 500, 503]);

function pointer(segments: string[]): string {
  return segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
}

/**
 * Three readings that make GitHub's description checkable as JSON Schema:
 * - OpenAPI 3.0's `nullable` without a `type` (next to $ref or allOf) is refused by ajv; such a schema
 *   becomes anyOf [schema, null], which means the same.
 * - `nullable` next to a `type` becomes `type: [type, "null"]`, and null joins its `enum` when it has one
 *   (GitHub's check-run `conclusion` is a nullable enum: null until the run completes).
 * - GitHub uses oneOf where the alternatives overlap (a 409 is basic-error or repository-rule-violation-error,
 *   neither with a required field), so every real response would fail "exactly one"; oneOf is read as anyOf.
 */
function normaliseForAjv(node: Json): void {
  if (Array.isArray(node)) {
    for (const item of node) normaliseForAjv(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const value of Object.values(node)) normaliseForAjv(value);
  if (Array.isArray(node.oneOf) && node.anyOf === undefined) {
    node.anyOf = node.oneOf;
    delete node.oneOf;
  }
  if (node.nullable === true && node.type === undefined) {
    const { nullable: _n, description, ...rest } = node;
    for (const key of Object.keys(node)) delete node[key];
    Object.assign(node, { anyOf: [rest, { type: 'null' }] }, description === undefined ? {} : { description });
  } else if (node.nullable === true) {
    delete node.nullable;
    const types: string[] = Array.isArray(node.type) ? node.type : [node.type];
    if (!types.includes('null')) node.type = [...types, 'null'];
    if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
  }
}

/** GitHub's own wording for a request it refuses ("Invalid request.\n\n" + these lines). */
function githubLines(v: ValidateFunction, data: unknown): string[] {
  const errors = (v.errors ?? []).filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const e of errors) {
    if (seen.has(e.instancePath)) continue;
    seen.add(e.instancePath);
    const segments = e.instancePath.split('/').slice(1);
    let value: unknown = data;
    for (const seg of segments) value = (value as Record<string, unknown> | undefined)?.[seg];
    const where = segments.map((seg) => (/^\d+$/.test(seg) ? 'items' : `properties/${seg}`)).join('/');
    const shown = value === null || value === undefined ? 'nil' : JSON.stringify(value);
    const p = e.params as Record<string, unknown>;
    if (e.keyword === 'required') lines.push(`"${String(p.missingProperty)}" wasn't supplied.`);
    else if (e.keyword === 'maxItems') lines.push(`No more than ${String(p.limit)} items are allowed; ${(value as unknown[]).length} were supplied.`);
    else if (e.keyword === 'type') lines.push(`For '${where}', ${shown} is not ${/^[aeiou]/.test(String(p.type)) ? 'an' : 'a'} ${String(p.type)}.`);
    else if (e.keyword === 'enum') lines.push(`For '${where}', ${shown} is not a member of ${JSON.stringify(p.allowedValues)}.`);
    else if (e.keyword === 'additionalProperties') lines.push(`"${String(p.additionalProperty)}" is not a permitted key.`);
    else lines.push(`For '${where}', ${shown} ${e.message ?? 'is invalid'}.`);
  }
  return lines;
}

/** A request GitHub refuses: what GitHub says, and a precise account for the violations list. */
export interface RequestProblems {
  readonly github: string[];
  readonly detail: string[];
}

function describe(v: ValidateFunction): string {
  return (v.errors ?? []).slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`)
    .join('; ');
}

export class OpenApiDescription {
  private doc: Json | undefined;
  private ajv: Ajv | undefined;
  private readonly cache = new Map<string, ValidateFunction>();

  private load(): { doc: Json; ajv: Ajv } {
    if (!this.doc || !this.ajv) {
      const require = createRequire(import.meta.url);
      const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
      this.doc = JSON.parse(readFileSync(file, 'utf8'));
      normaliseForAjv(this.doc);
      const ajv = new Ajv({ strict: false, validateSchema: false, logger: false, allErrors: true, inlineRefs: false });
      addFormats(ajv);
      for (const f of ['int32', 'int64', 'double', 'repo.nwo', 'binary', 'uri-template', 'timestamp']) ajv.addFormat(f, true);
      ajv.addSchema(this.doc, 'gh');
      this.ajv = ajv;
    }
    return { doc: this.doc, ajv: this.ajv };
  }

  /** Follows object-level $refs (#/components/...) and returns the final location and value. */
  private deref(path: string[]): { path: string[]; value: Json } {
    const { doc } = this.load();
    let value: Json = doc;
    for (const seg of path) value = value?.[seg];
    let guard = 0;
    while (value && typeof value.$ref === 'string' && guard++ < 10) {
      path = (value.$ref as string).replace(/^#\//, '').split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      value = doc;
      for (const seg of path) value = value?.[seg];
    }
    return { path, value };
  }

  private validator(path: string[]): ValidateFunction {
    const key = path.join('\u0000');
    let v = this.cache.get(key);
    if (!v) {
      v = this.load().ajv.compile({ $ref: `gh#/${pointer(path)}` });
      this.cache.set(key, v);
    }
    return v;
  }

  private templates: { regex: RegExp; template: string }[] | undefined;

  /** The operationId GitHub has for a concrete method and path, if any (to name what is not simulated). */
  operationFor(method: string, path: string): string | undefined {
    const { doc } = this.load();
    // Literal segments win over parameters (/pulls/comments before /pulls/{pull_number}), as in the router.
    this.templates ??= Object.keys(doc.paths).map((template) => ({
      template, regex: new RegExp(`^${template.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    })).sort((a, b) => b.template.replace(/\{[^}]+\}/g, '').length - a.template.replace(/\{[^}]+\}/g, '').length);
    const hit = this.templates.find((t) => t.regex.test(path) && doc.paths[t.template][method.toLowerCase()]);
    return hit ? doc.paths[hit.template][method.toLowerCase()].operationId : undefined;
  }

  operation(method: string, template: string): { path: string[]; value: Json } | undefined {
    const found = this.deref(['paths', template, method.toLowerCase()]);
    return found.value ? found : undefined;
  }

  /** Problems with a request (empty lists when it matches the operation). */
  checkRequest(method: string, template: string, operationId: string, params: Record<string, string>,
    query: URLSearchParams, body: unknown): RequestProblems {
    const op = this.operation(method, template);
    if (!op) return { github: ['Not Found'], detail: [`${method} ${template} is not an operation of api.github.com`] };
    if (op.value.operationId !== operationId) return { github: ['Not Found'], detail: [`${method} ${template} is ${op.value.operationId}, not ${operationId}`] };
    const github: string[] = [];
    const detail: string[] = [];
    (op.value.parameters ?? []).forEach((_p: Json, i: number) => {
      const param = this.deref([...op.path, 'parameters', String(i)]);
      const { name, in: where, required } = param.value;
      const raw = where === 'path' ? params[name] : where === 'query' ? query.get(name) ?? undefined : undefined;
      if (where !== 'path' && where !== 'query') return;
      if (raw === undefined) {
        if (required) {
          detail.push(`${where} parameter ${name} is required`);
          github.push(`"${name}" wasn't supplied.`);
        }
        return;
      }
      const schema = param.value.schema ?? {};
      const value = schema.type === 'integer' || schema.type === 'number' ? Number(raw)
        : schema.type === 'boolean' ? raw === 'true' ? true : raw === 'false' ? false : raw : raw;
      const v = this.validator([...param.path, 'schema']);
      if (!v(value)) {
        detail.push(`${where} parameter ${name}: ${describe(v)}`);
        github.push(`For '${name}', ${JSON.stringify(raw)} is not ${schema.type === 'integer' ? 'an integer' : `a valid ${name}`}.`);
      }
    });
    const rb = op.value.requestBody ? this.deref([...op.path, 'requestBody']) : undefined;
    if (rb) {
      if (body === undefined) {
        if (rb.value.required) {
          detail.push('request body is required');
          github.push('Problems parsing JSON');
        }
      } else if (rb.value.content?.['application/json']) {
        const v = this.validator([...rb.path, 'content', 'application/json', 'schema']);
        if (!v(body)) {
          detail.push(`request body: ${describe(v)}`);
          github.push(...githubLines(v, body));
        }
      }
    }
    return { github, detail };
  }

  /** The page of GitHub's REST docs for an operation (the documentation_url of its error bodies). */
  docsUrl(method: string, template: string): string | undefined {
    return this.operation(method, template)?.value.externalDocs?.url;
  }

  /** Whether GitHub's description gives this status of the operation no body (e.g. some 404s). */
  hasNoBody(method: string, template: string, status: number): boolean {
    const op = this.operation(method, template);
    if (!op?.value.responses?.[String(status)]) return false;
    return !this.deref([...op.path, 'responses', String(status)]).value.content;
  }

  /** Problems with a response, or [] when the status is documented and the body matches its schema. */
  checkResponse(method: string, template: string, status: number, body: unknown): string[] {
    const op = this.operation(method, template);
    if (!op) return [`${method} ${template} is not an operation of api.github.com`];
    let res: { path: string[]; value: Json };
    if (op.value.responses?.[String(status)]) res = this.deref([...op.path, 'responses', String(status)]);
    else if (GENERIC_ERRORS.has(status)) res = this.deref(['components', 'responses', 'not_found']);
    else return [`status ${status} is not a documented response of ${op.value.operationId}`];
    const content = res.value.content;
    if (!content) return body === undefined || body === '' ? [] : [`status ${status} of ${op.value.operationId} has no body, got one`];
    const type = Object.keys(content).find((t) => t.includes('json'));
    if (!type || !content[type].schema) return [];
    const v = this.validator([...res.path, 'content', type, 'schema']);
    return v(body) ? [] : [`response ${status} of ${op.value.operationId}: ${describe(v)}`];
  }
}

let shared: OpenApiDescription | undefined;

/** One description per process: its compiled validators are shared by every simulator instance. */
export function githubDescription(): OpenApiDescription {
  shared ??= new OpenApiDescription();
  return shared;
}
