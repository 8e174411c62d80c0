// What the app records from a pull request for the approval rules (core/schemas/approvals_record.schema.json),
// read through the GitHub REST API only: the pull request, its reviews and changed files (every page), the
// sha256 of the plan at the head, and from the BASE branch (one commit, resolved once, so every rule comes
// from the same snapshot; never from the branch under review) the CODEOWNERS text and the teams that
// .migration/config.yml roles and CODEOWNERS name, with their members. Files the caller has already read at
// those commits (KnownTree) are taken from there instead of being asked for again.
import { checkApprovalsRecord, type ApprovalsRecord } from '../../core/approvals/index.js';
import { locateCodeowners, parseCodeowners } from '../../core/codeowners/index.js';
import { CopilotError } from '../../core/errors.js';
import { sha256Hex } from '../../core/json/canonical.js';
import { loadArtifact, REPO_PATHS } from '../../core/repo/index.js';
import type { MigrationConfig } from '../../core/types/generated.js';
import type { GitHubReadPort, ReviewShape } from './port.js';

export interface PullRef {
  readonly owner: string;
  readonly repo: string;
  readonly pull_number: number;
}

type ReviewState = ApprovalsRecord['reviews'][number]['state'];
const RECORDED_STATES: ReadonlySet<string> = new Set<ReviewState>(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED']);
const PER_PAGE = 100;
/** 100 pages of 100: beyond GitHub's own caps (3000 files a pull request). */
const MAX_PAGES = 100;

function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

/** A failed call is the system's failure (exit 3), named by what was asked; no token or header is quoted. */
async function ask<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    const status = statusOf(e);
    const reason = status === undefined ? (e instanceof Error ? e.message : String(e)) : `HTTP ${status}`;
    throw new CopilotError('CONNECTION_FAILED', `GitHub: ${what} failed (${reason})`, {
      cause: e, hint: 'check that the app is installed on the repository with pull requests, contents and members read access, then retry',
    });
  }
}

async function allPages<T>(what: string, page: (n: number) => Promise<{ readonly data: readonly T[] }>): Promise<T[]> {
  const out: T[] = [];
  for (let n = 1; n <= MAX_PAGES; n++) {
    const { data } = await ask(`${what} (page ${n})`, () => page(n));
    out.push(...data);
    if (data.length < PER_PAGE) return out;
  }
  throw new CopilotError('INPUT_INVALID', `GitHub: ${what} has more than ${MAX_PAGES * PER_PAGE} entries; the app does not record a pull request that large`);
}

async function bytesOf(data: unknown): Promise<Buffer> {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (data instanceof Uint8Array) return Buffer.from(data);
  if (data && typeof (data as ReadableStream).getReader === 'function') return Buffer.from(await new Response(data as ReadableStream).arrayBuffer());
  throw new CopilotError('INTERNAL', 'GitHub: a raw file came back in a form the app does not read');
}

/** Files already read at a commit (the reconciler's tree snapshots), asked before GitHub for the paths they hold. */
export interface KnownTree {
  readonly commit: string;
  /** Whether the snapshot answers for this path (read it, or knows it is absent). */
  covers(path: string): boolean;
  readBytes(path: string): Uint8Array | undefined;
}

/** A file's exact bytes at a commit, or null when the commit does not have it. */
async function fileAt(gh: GitHubReadPort, ref: { owner: string; repo: string }, path: string, commit: string, known: readonly KnownTree[] = []): Promise<Buffer | null> {
  const tree = known.find((t) => t.commit === commit && t.covers(path));
  if (tree) {
    const bytes = tree.readBytes(path);
    return bytes === undefined ? null : Buffer.from(bytes);
  }
  try {
    const res = await gh.rest.repos.getContent({
      ...ref, path, ref: commit, mediaType: { format: 'raw' }, request: { parseSuccessResponseBody: false },
    });
    return await bytesOf(res.data);
  } catch (e) {
    if (statusOf(e) === 404) return null;
    if (e instanceof CopilotError) throw e;
    return ask(`reading ${path} at ${commit.slice(0, 12)}`, () => Promise.reject(e));
  }
}

function rolesTeams(text: string | null, baseRef: string): string[] {
  if (text === null) return [];
  const config = loadArtifact<MigrationConfig>(REPO_PATHS.config, text, 'config');
  const path = `${REPO_PATHS.config} (base branch ${baseRef})`;
  if (!config.value) {
    const list = config.findings.map((f) => `  ${f.path}:${f.line}${f.pointer ? ` ${f.pointer}` : ''}: ${f.message}`).join('\n');
    throw new CopilotError('SCHEMA_INVALID', `${path} is not a valid configuration, so its roles cannot be read:\n${list}`, {
      hint: `fix ${REPO_PATHS.config} on ${baseRef} in its own pull request; roles are never read from the pull request under review`,
    });
  }
  return Object.values(config.value.roles).flatMap((r) => r?.teams ?? []);
}

function codeownersTeams(text: string | null): string[] {
  if (text === null) return [];
  return parseCodeowners(text).rules.flatMap((r) => r.owners.filter((o) => o.kind === 'team').map((o) => o.name));
}

function recordedReview(r: ReviewShape): ApprovalsRecord['reviews'][number] | undefined {
  // A pending review is a draft only its author sees; a review by a deleted account ("ghost") can never count;
  // nor can a bot's (the app's own suggestion review): roles and code owners are people.
  if (!RECORDED_STATES.has(r.state) || !r.user || !r.submitted_at || r.user.login.endsWith('[bot]')) return undefined;
  return { id: r.id, user: r.user.login, state: r.state as ReviewState, commit_id: r.commit_id, submitted_at: r.submitted_at };
}

export async function recordApprovals(gh: GitHubReadPort, pull: PullRef, known: readonly KnownTree[] = []): Promise<ApprovalsRecord> {
  const { owner, repo, pull_number } = pull;
  const where = { owner, repo };
  const name = `${owner}/${repo}#${pull_number}`;
  const pr = (await ask(`reading pull request ${name}`, () => gh.rest.pulls.get({ ...where, pull_number }))).data;
  const baseRef = pr.base.ref;
  const headSha = pr.head.sha;
  const baseSha = (await ask(`resolving base branch ${baseRef}`, () => gh.rest.git.getRef({ ...where, ref: `heads/${baseRef}` }))).data.object.sha;

  const [reviews, files, plan, config, codeowners] = await Promise.all([
    allPages(`listing reviews of ${name}`, (page) => gh.rest.pulls.listReviews({ ...where, pull_number, per_page: PER_PAGE, page })),
    allPages(`listing files of ${name}`, (page) => gh.rest.pulls.listFiles({ ...where, pull_number, per_page: PER_PAGE, page })),
    fileAt(gh, where, REPO_PATHS.plan, headSha, known),
    fileAt(gh, where, REPO_PATHS.config, baseSha, known),
    locateCodeowners(async (path) => (await fileAt(gh, where, path, baseSha, known))?.toString('utf8') ?? null),
  ]);
  if (plan === null) {
    throw new CopilotError('FILE_NOT_FOUND', `${REPO_PATHS.plan} is not in ${name} at its head ${headSha.slice(0, 12)}`, {
      hint: 'a plan pull request carries plans/migration_plan.json; add it to the branch and push',
    });
  }
  const codeownersText = codeowners?.text ?? null;
  const teamNames = [...new Set([...rolesTeams(config?.toString('utf8') ?? null, baseRef), ...codeownersTeams(codeownersText)])].sort();
  const members = await Promise.all(teamNames.map((team) => {
    const [org, slug] = team.split('/') as [string, string];
    return allPages(`listing members of team ${team}`, async (page) => {
      try {
        return await gh.rest.teams.listMembersInOrg({ org, team_slug: slug, per_page: PER_PAGE, page });
      } catch (e) {
        // A team that does not exist (or that the app cannot see) has no members who could approve.
        if (statusOf(e) === 404) return { data: [] };
        throw e;
      }
    }).then((list) => [...new Set(list.map((m) => m.login))]);
  }));
  const teams: Record<string, string[]> = Object.fromEntries(teamNames.map((team, i) => [team, members[i]!]));

  const changed = new Set<string>();
  for (const f of files) {
    changed.add(f.filename);
    // A rename removes the old path too; its owners have a say in that.
    if (f.previous_filename) changed.add(f.previous_filename);
  }
  const record: ApprovalsRecord = {
    repository: `${owner}/${repo}`,
    pull_number,
    base_ref: baseRef,
    head_sha: headSha,
    author: pr.user?.login ?? 'ghost',
    changed_files: [...changed],
    plan_sha256: sha256Hex(plan),
    reviews: reviews.map(recordedReview).filter((r): r is NonNullable<typeof r> => r !== undefined),
    teams,
    codeowners: codeownersText,
  };
  const checked = checkApprovalsRecord(JSON.stringify(record), `approvals record of ${name}`);
  if (!checked.record) {
    throw new CopilotError('INPUT_INVALID', `GitHub's answers for ${name} do not make a valid approvals record: ${checked.findings.map((f) => `${f.pointer} ${f.message}`).join('; ')}`);
  }
  return record;
}
