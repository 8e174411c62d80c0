// Schema infrastructure: parse with line maps, validate against the registered schemas, freeze.
export * from './finding.js';
export { parseJson } from './parse-json.js';
export { parseYaml } from './parse-yaml.js';
export { validateDocument, type DocumentSource } from './validate.js';
export { compileAll, schemaId, schemaNames, validatorFor, SCHEMAS, SCHEMA_ID_BASE } from './registry.js';
export { toReadonly, type DeepReadonly } from './readonly.js';
