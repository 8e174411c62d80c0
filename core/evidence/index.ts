// The evidence pack: its layout, the one composer, the in-toto attestation and the offline verifier.
export * from './layout.js';
export * from './statement.js';
export * from './links.js';
export * from './checks.js';
export * from './compose.js';
export * from './verify.js';
