#!/usr/bin/env node
// `npm run bench -- <name> [options]`: loads the TypeScript benchmarks through tsx. No logic here.
import { register } from 'tsx/esm/api';

register();
await import('./run.ts');
