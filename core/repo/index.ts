// The migration repository as validators see it.
export * from './files.js';
export * from './paths.js';
export * from './context.js';
export * from './require.js';
export * from './safe-path.js';
export * from './inputs-manifest.js';
