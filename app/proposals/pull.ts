// A proposal pull request, opened or brought up to date: the files agents proposed, committed through the
// Git Data API on a branch named for the proposal (keyed by name: asking again finds the same branch and
// pull request), with the files the proposal owns but no longer writes deleted (a model of a dropped view).
// Nothing is committed when the branch already holds exactly these files, so a repeated command or event
// writes nothing. A branch left from a merged or closed pull request is started again from the base.
import { createHash } from 'node:crypto';
import { CopilotError } from '../../core/errors.js';
import type { BaseRules } from '../commands/command.js';
import type { RepoJob } from '../job.js';
import { branchWithFiles, commitFiles, type FileWrite } from '../plan/commit-files.js';

export interface ProposalSpec {
  readonly branch: string;
  readonly title: string;
  readonly body: string;
  /** The commit message (first line: what, then why). */
  readonly message: string;
  readonly files: readonly { readonly path: string; readonly content: string }[];
  /** Paths the proposal owns: one of them that exists and is not among `files` is stale and deleted. */
  readonly owns?: (path: string) => boolean;
}

export interface ProposalResult {
  /** opened: a new pull request; updated: a commit on its open branch; unchanged: it already holds these files; current: the base already does (no pull request). */
  readonly kind: 'opened' | 'updated' | 'unchanged' | 'current';
  readonly branch: string;
  readonly pull?: number;
  readonly url?: string;
  readonly commit?: string;
  /** Paths written and deleted by this call (none when unchanged). */
  readonly written: readonly string[];
  readonly deleted: readonly string[];
}

/** Git's blob id of a text: what a tree entry holds for it, so equal content is found without reading blobs. */
export function blobSha(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

/** Regular files of a commit's tree: path -> blob sha. */
export async function treeBlobs(job: RepoJob, commit: string): Promise<Map<string, string>> {
  const tree = (await job.port.rest.git.getTree({ owner: job.owner, repo: job.repo, tree_sha: commit, recursive: '1' })).data.tree;
  return new Map(tree.filter((e) => e.type === 'blob' && e.path && e.sha).map((e) => [e.path!, e.sha!]));
}

/** The writes that turn a tree into the proposal: changed files, and stale owned files deleted. */
function changes(tree: ReadonlyMap<string, string>, spec: ProposalSpec): FileWrite[] {
  const wanted = new Set(spec.files.map((f) => f.path));
  const writes: FileWrite[] = spec.files.filter((f) => tree.get(f.path) !== blobSha(f.content)).map((f) => ({ path: f.path, text: f.content }));
  const stale = [...tree.keys()].filter((p) => spec.owns?.(p) && !wanted.has(p)).sort();
  return [...writes, ...stale.map((path) => ({ path, text: null }))];
}

function summary(writes: readonly FileWrite[]): Pick<ProposalResult, 'written' | 'deleted'> {
  return { written: writes.filter((w) => w.text !== null).map((w) => w.path), deleted: writes.filter((w) => w.text === null).map((w) => w.path) };
}

export async function openProposal(job: RepoJob, base: BaseRules, spec: ProposalSpec): Promise<ProposalResult> {
  const where = { owner: job.owner, repo: job.repo };
  const gh = job.octokit;
  let head: string | undefined;
  try {
    head = (await gh.rest.git.getRef({ ...where, ref: `heads/${spec.branch}` })).data.object.sha;
  } catch (e) {
    if (statusOf(e) !== 404) throw e;
  }
  const open = head === undefined ? undefined
    : (await gh.rest.pulls.list({ ...where, state: 'open', head: `${job.owner}:${spec.branch}`, per_page: 10 })).data[0];
  if (head !== undefined && open) {
    const writes = changes(await treeBlobs(job, head), spec);
    if (writes.length === 0) return { kind: 'unchanged', branch: spec.branch, pull: open.number, url: open.html_url, commit: head, written: [], deleted: [] };
    const commit = await commitFiles(gh, where, spec.branch, head, writes, spec.message);
    if (open.body !== spec.body) await gh.rest.pulls.update({ ...where, pull_number: open.number, body: spec.body });
    return { kind: 'updated', branch: spec.branch, pull: open.number, url: open.html_url, commit, ...summary(writes) };
  }
  const writes = changes(await treeBlobs(job, base.sha), spec);
  if (writes.length === 0) return { kind: 'current', branch: spec.branch, written: [], deleted: [] };
  // The branch of a merged or closed pull request: the new proposal starts again from the base.
  if (head !== undefined) await gh.rest.git.deleteRef({ ...where, ref: `heads/${spec.branch}` });
  const commit = await branchWithFiles(gh, where, spec.branch, base.sha, writes, spec.message);
  if (commit === null) {
    // Another job created the branch between the read and the write: the next event brings it up to date.
    throw new CopilotError('IO_FAILED', `branch ${spec.branch} was created while the app was writing it; nothing was written`, { hint: 'run the command again' });
  }
  const pr = (await gh.rest.pulls.create({ ...where, head: spec.branch, base: base.ref, title: spec.title, body: spec.body })).data;
  return { kind: 'opened', branch: spec.branch, pull: pr.number, url: pr.html_url, commit, ...summary(writes) };
}
