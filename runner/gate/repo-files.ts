// Reads what the plan gate and the `sign` / `verify` commands need from a migration repository checkout:
// the plan (exact bytes), the policy in force, .migration/config.yml, and the signed plan files. Every
// document is checked against its schema on read; a bad one is an input error naming file, line and pointer.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CopilotError } from '../../core/errors.js';
import { DEFAULT_POLICY, DEFAULT_POLICY_PATH, parsePolicy, type ReadonlyPolicy } from '../../core/policy/index.js';
import { parseJson, parseYaml, validateDocument, type Finding } from '../../core/schema/index.js';

export const PLAN_FILE = 'plans/migration_plan.json';
export const CONFIG_FILE = '.migration/config.yml';
export const REPO_POLICY_FILE = '.migration/policy.json';

export function signedPlanPaths(version: number): { readonly readable: string; readonly bundle: string } {
  return { readable: `plans/signed/v${version}.json`, bundle: `plans/signed/v${version}.sigstore.json` };
}

export async function readRepoFile(repo: string, file: string): Promise<Buffer> {
  try {
    return await readFile(join(repo, file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new CopilotError('FILE_NOT_FOUND', `${file} not found in ${repo}`, { hint: 'check --repo points at the migration repository' });
    }
    throw new CopilotError('IO_FAILED', `cannot read ${file} in ${repo}: ${code ?? String(e)}`, { cause: e });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await readFile(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new CopilotError('IO_FAILED', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { cause: e });
  }
}

function refuseFindings(findings: readonly Finding[]): never {
  const lines = findings.map((f) => `${f.path}:${f.line} ${f.pointer || '/'}: ${f.message}`);
  throw new CopilotError('SCHEMA_INVALID', `${findings[0]!.path} is not valid:\n  ${lines.join('\n  ')}`, {
    hint: 'fix the file and run the command again',
  });
}

/** Parses (JSON, or YAML for .yml/.yaml files) and validates a document against a registered schema. */
export function parseDocumentAs(text: string, file: string, schema: string, yaml = /\.ya?ml$/.test(file)): unknown {
  const parsed = yaml ? parseYaml(text, file) : parseJson(text, file);
  if (parsed.findings.length > 0) refuseFindings(parsed.findings);
  const findings = validateDocument(schema, parsed.value, { file, lines: parsed.lines });
  if (findings.length > 0) refuseFindings(findings);
  return parsed.value;
}

export interface PlanInputs {
  readonly planBytes: Buffer;
  readonly plan: { readonly plan_id: string; readonly project_id: string; readonly version: number };
  /** The policy in force: the repository's .migration/policy.json, else the shipped default. */
  readonly policy: ReadonlyPolicy;
  readonly policyFile: string;
  readonly config: unknown;
}

export async function loadPlanInputs(repo: string): Promise<PlanInputs> {
  const planBytes = await readRepoFile(repo, PLAN_FILE);
  const plan = parseDocumentAs(planBytes.toString('utf8'), PLAN_FILE, 'migration_plan') as PlanInputs['plan'];
  const config = parseDocumentAs((await readRepoFile(repo, CONFIG_FILE)).toString('utf8'), CONFIG_FILE, 'config');
  if (await exists(join(repo, REPO_POLICY_FILE))) {
    const text = (await readRepoFile(repo, REPO_POLICY_FILE)).toString('utf8');
    return { planBytes, plan, policy: parsePolicy(text, REPO_POLICY_FILE), policyFile: REPO_POLICY_FILE, config };
  }
  return { planBytes, plan, policy: DEFAULT_POLICY, policyFile: `${DEFAULT_POLICY_PATH} (default)`, config };
}

/** The versions N of plans/signed/v<N>.json present, ascending. */
export async function signedVersions(repo: string): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir(join(repo, 'plans/signed'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new CopilotError('IO_FAILED', `cannot list plans/signed in ${repo}`, { cause: e });
  }
  return names.map((n) => /^v([1-9][0-9]*)\.(?:json|sigstore\.json)$/.exec(n)?.[1]).filter((v): v is string => v !== undefined)
    .map(Number).filter((v, i, all) => all.indexOf(v) === i).sort((a, b) => a - b);
}

export interface SignedPlanFiles {
  readonly version: number;
  readonly signedPlanJson: string;
  readonly bundleJson: string;
}

/** The signed plan files of a version (the latest when none is given). */
export async function readSignedPlanFiles(repo: string, version?: number): Promise<SignedPlanFiles> {
  const n = version ?? (await signedVersions(repo)).at(-1);
  if (n === undefined) {
    throw new CopilotError('FILE_NOT_FOUND', `no signed plan in ${repo}/plans/signed`, { hint: 'sign the plan first: migration-copilot sign' });
  }
  const paths = signedPlanPaths(n);
  const signedPlanJson = (await readRepoFile(repo, paths.readable)).toString('utf8');
  const bundleJson = (await readRepoFile(repo, paths.bundle)).toString('utf8');
  return { version: n, signedPlanJson, bundleJson };
}
