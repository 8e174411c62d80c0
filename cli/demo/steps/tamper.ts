// A tampered copy: one byte of the plan changed after signing. The runner's checks must refuse it.
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DemoContext } from '../context.js';
import { expectExit } from '../expect-exit.js';
import { PLAN_PATH } from '../repo-content.js';

export async function refuseTampered(ctx: DemoContext, signedRepo: string): Promise<void> {
  const tampered = join(ctx.work, 'tampered');
  await cp(signedRepo, tampered, { recursive: true });
  const planFile = join(tampered, PLAN_PATH);
  const plan = await readFile(planFile, 'utf8');
  const changed = plan.replace('"batch_rows": 50000', '"batch_rows": 50001');
  if (changed === plan) throw new Error(`${PLAN_PATH} of the example no longer has "batch_rows": 50000 to change`);
  await writeFile(planFile, changed);
  await expectExit(ctx, ['verify', '--repo', tampered], 1);
  ctx.out('      refused, as it must be (exit 1)');
  await ctx.audit({ actor: 'runner', action: 'plan.refused', subject: `tampered/${PLAN_PATH}`, reasoning: 'plan_sha256 does not match the signed plan', refs: { commit: ctx.mergeSha! } });
}
