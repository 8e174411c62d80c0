// Policy, rulebook and archetypes: the defaults, loading a policy, approvals per transition, and the
// type coercion rules.
export * from './defaults.js';
export * from './load.js';
export * from './transitions.js';
export * from './rulebook.js';
export { parseSqlType, parseTypePattern, matchType, type SqlType, type TypePattern, type Bindings } from './sql-type.js';
