// The evidence pack: rita (release manager) comments `/evidence compose` on the migration's issue at
// CUTOVER_DONE; the app composes evidence/v<N>/ (sha256 manifest, audit chain) and proposes it as a pull
// request; the code owner approves, rita merges. Then anyone can check the pack offline with
// `migration-copilot verify --evidence`, which the demo runs on its clone of the repository.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CopilotError } from '../../../core/errors.js';
import { CODE_OWNER, PEOPLE, VERSION, type DemoContext } from '../context.js';
import { commentAs } from './comment.js';
import { approve, mergeAs, pullOf, showChecks, stateOn } from './people.js';

export interface PackOutcome {
  readonly pull: number;
  /** The state the pack's pull request left on main. */
  readonly state: string;
}

export async function composePack(ctx: DemoContext): Promise<PackOutcome> {
  const { reply, done } = await commentAs(ctx, PEOPLE.releaseManager, '/evidence compose', 3, ctx.issue!);
  const number = Number(/proposed in #(\d+)/.exec(reply)?.[1] ?? /#(\d+)/.exec(reply.split('\n').slice(1).join('\n'))?.[1]);
  if (!done || !Number.isInteger(number)) throw new CopilotError('VALIDATION_FAILED', '/evidence compose opened no pull request; the app\'s answer above says why');
  const pr = await pullOf(ctx, number);
  ctx.out(`      ${pr.author} opened #${number} "${pr.title}": ${pr.files.join(', ')}`);
  ctx.timeline.add(pr.author, `opened #${number} "${pr.title}"`);
  await showChecks(ctx, number, pr.head);
  const moves = await stateOn(ctx, pr.head);
  await approve(ctx, number, [{ user: CODE_OWNER, as: 'code owner' }]);
  const expected = moves === 'EVIDENCE_COMPLETE' ? 'EVIDENCE_COMPLETE' : undefined;
  await mergeAs(ctx, PEOPLE.releaseManager, number, expected);
  return { pull: number, state: await stateOn(ctx) };
}

/** `migration-copilot verify --evidence` on the pack in the clone, in-process (the verify command itself), its output printed. */
export async function verifyPack(ctx: DemoContext, repoDir: string): Promise<void> {
  const pack = join(repoDir, 'evidence', `v${VERSION}`);
  if (!existsSync(pack)) throw new CopilotError('FILE_NOT_FOUND', `the clone ${repoDir} has no evidence/v${VERSION}/ after the pack was merged`);
  const { default: verify } = await import('../../commands/verify.js');
  let text = '';
  const sink = { write: (s: string) => { text += s; return true; } } as unknown as NodeJS.WritableStream;
  const code = await verify.run(['--evidence', pack, '--repo', repoDir], { stdout: sink, stderr: sink, env: ctx.io.env, cwd: repoDir, interactive: false })
    .catch((e: unknown) => { text += `${e instanceof Error ? e.message : String(e)}\n`; return e instanceof CopilotError ? e.exitCode : 3; });
  ctx.out(`      $ migration-copilot verify --evidence ${pack} --repo ${repoDir}`);
  for (const line of text.trim().split('\n').slice(0, 24)) ctx.out(`        ${line}`);
  ctx.timeline.add(PEOPLE.author, `verify --evidence evidence/v${VERSION}: exit ${code}`);
  if (code !== 0) throw new CopilotError('VALIDATION_FAILED', `verify --evidence exited ${code} on the evidence pack the app composed`);
}
