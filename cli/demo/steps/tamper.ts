// A tampered copy: one byte of the plan at the tag changed after signing. The plan gate's file checks (what `verify`
// runs) must refuse it; the refusal is the expected result, printed as such, not as an error.
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CopilotError } from '../../../core/errors.js';
import { artifactValue, buildMigrationContext, fileBytes, inputsManifest, REPO_PATHS } from '../../../core/repo/index.js';
import { checkPlanFromFiles } from '../../../core/signing/index.js';
import { directoryRepoFiles } from '../../repo-files.js';
import { simpleGit } from 'simple-git';
import { PLAN_TAG, type DemoContext } from '../context.js';
import { shortenDigests } from '../digest.js';
import { PLAN_PATH } from '../repo-content.js';

/** signedRepo: a clone of the repository; the copy is checked out at the plan tag, as the runner checks it out. */
export async function refuseTampered(ctx: DemoContext, signedRepo: string): Promise<void> {
  const tampered = join(ctx.work, 'tampered');
  await cp(signedRepo, tampered, { recursive: true });
  await simpleGit(tampered).checkout(['--quiet', PLAN_TAG]);
  const planFile = join(tampered, PLAN_PATH);
  const plan = await readFile(planFile, 'utf8');
  // One byte more, and one that changes no value: the signature binds the bytes, not what they mean.
  const changed = plan.replace(/\n?$/, ' \n');
  await writeFile(planFile, changed);

  const files = directoryRepoFiles(tampered);
  const repo = buildMigrationContext(files);
  const signed = repo.signedPlans.at(-1);
  if (!signed?.bundleText || !repo.config?.value) throw new CopilotError('INTERNAL', `the runner's clone ${signedRepo} has no signed plan or config to check`);
  const result = checkPlanFromFiles({
    signedPlanJson: signed.text, bundleJson: signed.bundleText, planBytes: fileBytes(files, REPO_PATHS.plan)!,
    policy: artifactValue(repo.policy), config: repo.config.value, expectedVersion: signed.version, inputs: inputsManifest(repo).inputs,
  });
  const failed = result.checks.filter((c) => !c.ok);
  for (const c of failed) ctx.out(`      ${c.id}: ${shortenDigests(c.detail)}`);
  if (result.ok) throw new CopilotError('PLAN_REFUSED', `the tampered copy in ${tampered} passed the plan gate; it must not`);
  ctx.out(`      expected result: refused (${failed.map((c) => c.id).join(', ')}); \`migration-copilot verify --repo ${tampered}\` says the same`);
  ctx.timeline.add('runner', `refused a tampered copy of v${signed.version} (${failed.map((c) => c.id).join(', ')})`);
}
