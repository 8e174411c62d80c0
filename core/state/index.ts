export * from './states.js';
export * from './required-roles.js';
export * from './state-change.js';
