export * from './states.js';
export * from './required-roles.js';
