// The hashing spec, its compiler and its reference implementation.
import defaultSpecJson from '../../policies/hashing_spec.json' with { type: 'json' };
import { hashingSpecFrom, type HashingSpec } from './spec.js';

export * from './types.js';
export * from './spec.js';
export * from './compile.js';

/** The spec shipped in policies/hashing_spec.json. */
export const DEFAULT_HASHING_SPEC: HashingSpec = hashingSpecFrom(defaultSpecJson as Parameters<typeof hashingSpecFrom>[0], 'policies/hashing_spec.json');
export * from './reference.js';
