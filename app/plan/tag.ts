// The plan tag: annotated tag plan/v<N> on the merge commit, signed with the app's SSH tag key
// (MIGRATION_COPILOT_TAG_KEY, an unencrypted OpenSSH private key: git's ssh-keygen must never ask for a
// passphrase) and pushed with git over HTTPS with the installation token, which starts the runner workflow.
// Keyed by name: a tag already on that commit is left alone; one on another commit is reported, never moved.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CopilotError } from '../../core/errors.js';
import type { RepoJob } from '../job.js';
import { gitWithToken, type GitIdentity } from './git-https.js';
import { unattendedKeyProblem } from './ssh-key.js';

export const BOT: GitIdentity = { name: 'migration-copilot[bot]', email: 'migration-copilot[bot]@users.noreply.github.com' };

export type TagResult = { readonly kind: 'pushed' | 'exists'; readonly tag: string; readonly commit: string };

function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

/** The commit a tag points at (peeling an annotated tag), or undefined when there is no such tag. */
async function taggedCommit(job: RepoJob, tag: string): Promise<string | undefined> {
  const where = { owner: job.owner, repo: job.repo };
  let ref;
  try {
    ref = (await job.octokit.rest.git.getRef({ ...where, ref: `tags/${tag}` })).data.object;
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw e;
  }
  if (ref.type !== 'tag') return ref.sha;
  return (await job.octokit.rest.git.getTag({ ...where, tag_sha: ref.sha })).data.object.sha;
}

export async function pushPlanTag(job: RepoJob, cloneUrl: string, branch: string, version: number, commit: string, message: string): Promise<TagResult> {
  const tag = `plan/v${version}`;
  const existing = await taggedCommit(job, tag);
  if (existing === commit) return { kind: 'exists', tag, commit };
  if (existing !== undefined) {
    throw new CopilotError('PLAN_REFUSED', `tag ${tag} already points at ${existing.slice(0, 12)}, not at the merge commit ${commit.slice(0, 12)}; the app never moves a plan tag`, {
      hint: `sign the plan again as v${version + 1} in a new pull request`,
    });
  }
  const key = job.settings.tagKeyPath;
  if (!key) {
    throw new CopilotError('SIGNING_FAILED', `the app has no tag-signing key: MIGRATION_COPILOT_TAG_KEY is not set, so ${tag} was not pushed`, {
      hint: 'set MIGRATION_COPILOT_TAG_KEY to an OpenSSH private key file and restart the app; the merge is tagged at the next event',
    });
  }
  const keyText = await readFile(key, 'utf8').catch(() => undefined);
  const problem = keyText === undefined ? 'cannot be read' : unattendedKeyProblem(keyText);
  if (problem) {
    throw new CopilotError('SIGNING_FAILED', `the tag-signing key MIGRATION_COPILOT_TAG_KEY ${problem}, so ${tag} was not pushed`, {
      hint: 'give the app an OpenSSH private key without a passphrase (ssh-keygen -t ed25519 -N ""), kept in a secret store, and restart it',
    });
  }
  const dir = await mkdtemp(join(tmpdir(), 'mc-tag-'));
  try {
    const git = gitWithToken(dir, await job.token(), BOT, ['gpg.format=ssh', `user.signingkey=${key}`]);
    await git.init();
    await git.fetch(cloneUrl, `refs/heads/${branch}`, ['--quiet']);
    await git.raw(['tag', '-s', '-m', message, tag, commit]);
    await git.push(cloneUrl, `refs/tags/${tag}`, ['--quiet']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { kind: 'pushed', tag, commit };
}
