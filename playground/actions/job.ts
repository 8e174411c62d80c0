// Runs one job of a workflow (one matrix combination) the way a GitHub-hosted runner does: a fresh
// workspace, the environment Actions provides, then each step in order. `run:` steps go to bash
// (`bash --noprofile --norc -eo pipefail {0}`: a script file, no terminal, stdin closed) in the workspace; `uses:` may name
// only actions/checkout and actions/setup-node, which are emulated (workspace.ts); anything else fails the
// step with a message saying so. After a failed step the rest are skipped unless their `if:` asks for
// failure() or always(). Every line of output is masked against the secrets before it is kept.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { condition, expand, ExpressionError, type ExpressionScope, type Value } from './expressions.js';
import type { Masker} from './files.js';
import { readKeyValues, readLines } from './files.js';
import type { JobStep, WorkflowJob } from './job-state.js';
import { checkout, NODE_DIR, setupNode } from './workspace.js';

export interface JobEnvironment {
  /** The contexts every expression of the job sees (github, secrets, inputs, needs, matrix, vars). */
  readonly contexts: Record<string, Value>;
  /** The GITHUB_* and RUNNER_* variables. */
  readonly defaultEnv: Record<string, string>;
  readonly workflowEnv: Record<string, unknown>;
  readonly serverUrl: string;
  readonly repository: string;
  readonly token: string;
  readonly sha: string;
  readonly ref: string;
  /** A folder of its own for this job. */
  readonly dir: string;
  readonly masker: Masker;
  readonly now: () => string;
  /** Called whenever the job's record changed (for progress). */
  readonly onChange?: () => void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a job in a workflow file is free-form YAML
type JobDef = Record<string, any>;

const SUPPORTED = /^actions\/(checkout|setup-node)@/;

function stringMap(obj: unknown, scope: ExpressionScope): Record<string, string> {
  const out: Record<string, string> = {};
  if (!obj || typeof obj !== 'object') return out;
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) out[k] = expand(String(v ?? ''), scope);
  return out;
}

function stepName(step: JobDef, scope: ExpressionScope): string {
  if (step.name) return expand(String(step.name), scope);
  if (step.uses) return `Run ${step.uses}`;
  return `Run ${String(step.run ?? '').split('\n')[0]!.slice(0, 80)}`;
}

/** Runs a script file as the Actions runner does (`bash --noprofile --norc -eo pipefail {0}`): expanded secrets stay out of argv. */
async function bash(scriptFile: string, cwd: string, env: Record<string, string>, timeoutMs: number): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', scriptFile], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => { chunks.push(Buffer.from(`${e.message}\n`)); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const tail = signal ? `\nThe step was stopped (${signal}) after ${Math.round(timeoutMs / 1000)} s.\n` : '';
      resolvePromise({ code: code ?? 1, output: Buffer.concat(chunks).toString('utf8') + tail });
    });
  });
}

export async function runJob(job: WorkflowJob, def: JobDef, env: JobEnvironment): Promise<void> {
  const workspace = join(env.dir, 'workspace');
  const home = join(env.dir, 'home');
  const temp = join(env.dir, 'temp');
  const tools = join(env.dir, 'tools');
  for (const d of [workspace, home, temp, tools]) mkdirSync(d, { recursive: true });
  job.workspace = workspace;
  const files = { GITHUB_ENV: join(temp, 'env'), GITHUB_OUTPUT: '', GITHUB_PATH: join(temp, 'path'), GITHUB_STEP_SUMMARY: join(temp, 'summary.md') };
  const stepsContext: Record<string, Value> = {};
  const contexts: Record<string, Value> = { ...env.contexts, steps: stepsContext, job: { status: 'success' }, runner: { os: 'Linux', arch: 'X64', temp, name: 'playground' } };
  let failed = false;
  const scope = (): ExpressionScope => ({ contexts: { ...contexts, job: { status: failed ? 'failure' : 'success' } }, jobFailed: failed });
  const log: string[] = [];
  const say = (text: string) => { log.push(env.masker.mask(text)); job.log = log.join(''); };
  const extraPath: string[] = [];
  const addedEnv: Record<string, string> = {};
  const timeoutMs = Number(def['timeout-minutes'] ?? 15) * 60_000;

  let jobEnv: Record<string, string>;
  try {
    jobEnv = { ...stringMap(env.workflowEnv, scope()), ...stringMap(def.env, scope()) };
    contexts.env = jobEnv;
  } catch (e) {
    job.failure = (e as Error).message;
    say(`Error: ${job.failure}\n`);
    job.conclusion = 'failure';
    return;
  }

  const defs = Array.isArray(def.steps) ? def.steps as JobDef[] : [];
  const steps: JobStep[] = defs.map((s, i) => ({ number: i + 1, name: '', status: 'queued', conclusion: null, startedAt: null, completedAt: null }));
  job.steps.push(...steps);
  for (let i = 0; i < defs.length; i += 1) {
    const stepDef = defs[i]!;
    const step = steps[i]!;
    contexts.env = { ...jobEnv, ...addedEnv };
    Object.assign(step, { name: (() => { try { return stepName(stepDef, scope()); } catch { return `step ${i + 1}`; } })() });
    let run = false;
    try {
      run = condition(stepDef.if, scope());
    } catch (e) {
      say(`Error: ${(e as Error).message}\n`);
      failed = true;
    }
    if (!run) {
      Object.assign(step, { status: 'completed', conclusion: 'skipped' });
      env.onChange?.();
      continue;
    }
    Object.assign(step, { status: 'in_progress', startedAt: env.now() });
    env.onChange?.();
    let ok = true;
    let outputs: Record<string, string> = {};
    try {
      const stepEnv = { ...jobEnv, ...addedEnv, ...stringMap(stepDef.env, scope()) };
      contexts.env = stepEnv;
      say(`##[group]${step.name}\n`);
      if (stepDef.uses) {
        const uses = String(stepDef.uses);
        if (!SUPPORTED.test(uses)) {
          throw new ExpressionError(`the simulator runs only actions/checkout and actions/setup-node; "${uses}" is not emulated (use a run: step)`);
        }
        const withArgs = stringMap(stepDef.with, scope());
        if (uses.startsWith('actions/checkout@')) {
          say(`${await checkout({ serverUrl: env.serverUrl, repository: withArgs.repository || env.repository, token: withArgs.token || env.token, sha: withArgs.ref ? withArgs.ref : env.sha, ref: env.ref, workspace, home })}\n`);
        } else {
          extraPath.unshift(setupNode(tools));
          say(`Using node ${process.version} from this machine${withArgs['node-version'] ? ` (asked for ${withArgs['node-version']})` : ''}; migration-copilot is on the PATH\n`);
        }
      } else if (stepDef.run !== undefined) {
        const shell = String(stepDef.shell ?? def.defaults?.run?.shell ?? 'bash');
        if (shell !== 'bash') throw new ExpressionError(`the simulator runs steps with bash only (shell: ${shell})`);
        const script = expand(String(stepDef.run), scope());
        const cwdRel = stepDef['working-directory'] ?? def.defaults?.run?.['working-directory'];
        const cwd = cwdRel ? join(workspace, expand(String(cwdRel), scope())) : workspace;
        files.GITHUB_OUTPUT = join(temp, `output-${i}`);
        writeFileSync(files.GITHUB_OUTPUT, '');
        const pathEntries = [...readLines(files.GITHUB_PATH).reverse(), ...extraPath, NODE_DIR, process.env.PATH ?? '/usr/bin:/bin'];
        const full: Record<string, string> = {
          LANG: process.env.LANG ?? 'C.UTF-8', HOME: home, TMPDIR: temp, ...env.defaultEnv, ...stepEnv, ...files,
          GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp, RUNNER_TOOL_CACHE: tools, GITHUB_ACTION: String(stepDef.id ?? `__run_${i + 1}`),
          PATH: pathEntries.join(':'),
        };
        const scriptFile = join(temp, `step-${i + 1}.sh`);
        writeFileSync(scriptFile, script, { mode: 0o600 });
        const result = await bash(scriptFile, cwd, full, Number(stepDef['timeout-minutes'] ?? 0) * 60_000 || timeoutMs);
        for (const line of result.output.split('\n')) {
          const mask = /^::add-mask::(.*)$/.exec(line.trim());
          if (mask) env.masker.add(mask[1]!);
        }
        say(result.output.split('\n').filter((l) => !l.trim().startsWith('::add-mask::')).join('\n'));
        if (result.code !== 0) {
          say(`\nError: Process completed with exit code ${result.code}.\n`);
          ok = false;
        }
        Object.assign(addedEnv, readKeyValues(files.GITHUB_ENV));
        outputs = readKeyValues(files.GITHUB_OUTPUT);
      } else {
        throw new ExpressionError('a step needs run: or uses:');
      }
    } catch (e) {
      say(`Error: ${(e as Error).message}\n`);
      ok = false;
    }
    say('##[endgroup]\n');
    const continueOnError = stepDef['continue-on-error'] === true;
    if (stepDef.id) stepsContext[String(stepDef.id)] = { outputs, outcome: ok ? 'success' : 'failure', conclusion: ok || continueOnError ? 'success' : 'failure' };
    Object.assign(step, { status: 'completed', conclusion: ok ? 'success' : 'failure', completedAt: env.now() });
    if (!ok && !continueOnError) failed = true;
    env.onChange?.();
  }
  try {
    job.outputs = stringMap(def.outputs, scope());
  } catch (e) {
    say(`Error: ${(e as Error).message}\n`);
    failed = true;
  }
  job.conclusion = failed ? 'failure' : 'success';
}
