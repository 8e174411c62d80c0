export * from './states.js';
export * from './required-roles.js';
export * from './state-change.js';
export * from './recon-guard.js';
export * from './project-state.js';
