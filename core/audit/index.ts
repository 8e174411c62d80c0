export * from './entry.js';
export * from './verify.js';
export * from './parse.js';
export * from './append-jsonl.js';
export * from './anchor.js';
