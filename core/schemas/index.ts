// Every JSON Schema of the project, by name (core/schemas/<name>.schema.json). One line each,
// alphabetical; core/schema/registry.ts compiles them all and scripts/gen-types.ts types them.
export { default as approvals_record } from './approvals_record.schema.json' with { type: 'json' };
export { default as audit_chain } from './audit_chain.schema.json' with { type: 'json' };
export { default as audit_entry } from './audit_entry.schema.json' with { type: 'json' };
export { default as config } from './config.schema.json' with { type: 'json' };
export { default as manual_decisions_required } from './manual_decisions_required.schema.json' with { type: 'json' };
export { default as migration_plan } from './migration_plan.schema.json' with { type: 'json' };
export { default as policy } from './policy.schema.json' with { type: 'json' };
export { default as project } from './project.schema.json' with { type: 'json' };
export { default as schema_mapping } from './schema_mapping.schema.json' with { type: 'json' };
export { default as signed_plan } from './signed_plan.schema.json' with { type: 'json' };
