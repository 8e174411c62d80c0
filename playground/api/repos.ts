// Repositories, branches, commits and comparisons.
import { filePatches } from '../git/diff.js';
import { readCommit } from '../git/history.js';
import { listRefs } from '../git/refs.js';
import { GhError, notFound } from '../server/errors.js';
import { ok, created, type RequestContext, type Route } from '../server/route.js';
import { forkRepo } from '../state/forks.js';
import { createRepo } from '../state/repos.js';
import { callerLogin, paginate, repoFor } from './common.js';
import { compareCommits } from './pull-stats.js';
import { resolveCommit } from './resolve.js';
import { fullRepoShape, nodeId } from './shapes.js';
import { commitShape } from './shapes-git.js';
import type { Repo } from '../state/types.js';

function branchCommit(repo: Repo, name: string): string {
  const sha = resolveCommit(repo, `refs/heads/${name}`);
  if (!sha) throw new GhError(404, 'Branch not found');
  return sha;
}

/** A changed file as GitHub lists it; `patches` (path -> hunks) adds GitHub's `patch` (absent for binary files). */
export function diffEntry(ctx: RequestContext, repo: Repo, f: ReturnType<typeof compareCommits>['files'][number], sha: string,
  patches?: Map<string, string>) {
  const web = `${ctx.sim.webUrl}/${repo.owner}/${repo.name}`;
  const patch = patches?.get(f.filename);
  return {
    sha: f.sha, filename: f.filename, status: f.status, additions: f.additions, deletions: f.deletions,
    changes: f.additions + f.deletions, blob_url: `${web}/blob/${sha}/${f.filename}`, raw_url: `${web}/raw/${sha}/${f.filename}`,
    contents_url: `${ctx.sim.url}/repos/${repo.owner}/${repo.name}/contents/${f.filename}?ref=${sha}`,
    ...(patch === undefined ? {} : { patch }),
  };
}

function createRoute(ctx: RequestContext, owner: string): ReturnType<Route['handle']> {
  const { sim } = ctx;
  const name: string = ctx.body.name;
  if (sim.store.repo(owner, name)) {
    throw new GhError(422, 'Repository creation failed.', [{ resource: 'Repository', field: 'name', code: 'custom', message: 'name already exists on this account' }]);
  }
  const repo = createRepo(sim, owner, name, { private: ctx.body.private ?? false, description: ctx.body.description ?? null });
  return created(fullRepoShape(sim, repo));
}

export const repoRoutes: Route[] = [
  { method: 'GET', path: '/repos/{owner}/{repo}', operationId: 'repos/get', handle: (ctx) => ok(fullRepoShape(ctx.sim, repoFor(ctx))) },
  {
    method: 'POST', path: '/user/repos', operationId: 'repos/create-for-authenticated-user',
    handle: (ctx) => {
      if (ctx.actor.kind !== 'user') throw new GhError(403, 'Resource not accessible by integration');
      return createRoute(ctx, callerLogin(ctx));
    },
  },
  {
    method: 'POST', path: '/orgs/{org}/repos', operationId: 'repos/create-in-org',
    handle: (ctx) => {
      const login = callerLogin(ctx);
      if (!ctx.sim.store.account(ctx.params.org!) || (ctx.actor.kind === 'user' && !ctx.sim.store.isOrgMember(ctx.params.org!, login))) throw notFound();
      return createRoute(ctx, ctx.sim.store.account(ctx.params.org!)!.login);
    },
  },
  {
    // A fork is made for the caller (or an organisation the caller belongs to); GitHub answers 202 Accepted,
    // and an existing fork is returned as it is.
    method: 'POST', path: '/repos/{owner}/{repo}/forks', operationId: 'repos/create-fork',
    handle: (ctx) => {
      const parent = repoFor(ctx);
      const org: string | undefined = ctx.body?.organization;
      if (ctx.actor.kind !== 'user' && !org) throw new GhError(403, 'Resource not accessible by integration');
      const login = callerLogin(ctx);
      if (org && (!ctx.sim.store.account(org) || (ctx.actor.kind === 'user' && !ctx.sim.store.isOrgMember(org, login)))) {
        throw new GhError(422, 'Validation Failed', [{ resource: 'Fork', field: 'organization', code: 'invalid' }]);
      }
      const owner = org ? ctx.sim.store.account(org)!.login : login;
      const name: string = ctx.body?.name ?? parent.name;
      const taken = ctx.sim.store.repo(owner, name);
      if (taken && taken.forkOf !== parent.id) {
        throw new GhError(422, 'Validation Failed', [{ resource: 'Repository', field: 'name', code: 'custom', message: 'name already exists on this account' }]);
      }
      const { fork } = forkRepo(ctx.sim, parent, owner, name);
      return { status: 202, body: fullRepoShape(ctx.sim, fork) };
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/branches', operationId: 'repos/list-branches',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const api = `${ctx.sim.url}/repos/${repo.owner}/${repo.name}`;
      const branches = [...listRefs(repo.dir)].filter(([ref]) => ref.startsWith('refs/heads/')).map(([ref, sha]) => ({
        name: ref.slice('refs/heads/'.length), commit: { sha, url: `${api}/commits/${sha}` },
        protected: ctx.sim.store.protection(repo.id, ref.slice('refs/heads/'.length)) !== undefined,
      }));
      return paginate(ctx, branches);
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/branches/{branch}', operationId: 'repos/get-branch',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const name = ctx.params.branch!;
      const sha = branchCommit(repo, name);
      const api = `${ctx.sim.url}/repos/${repo.owner}/${repo.name}`;
      const p = ctx.sim.store.protection(repo.id, name);
      const contexts = p?.requiredChecks?.contexts ?? [];
      return ok({
        name, commit: commitShape(ctx.sim, repo, sha), protected: p !== undefined,
        protection: {
          enabled: p !== undefined,
          required_status_checks: { enforcement_level: contexts.length > 0 ? 'everyone' : 'off', contexts, checks: contexts.map((context) => ({ context, app_id: null })) },
        },
        protection_url: `${api}/branches/${name}/protection`,
        _links: { self: `${api}/branches/${name}`, html: `${ctx.sim.webUrl}/${repo.owner}/${repo.name}/tree/${name}` },
      });
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/tags', operationId: 'repos/list-tags',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const api = `${ctx.sim.url}/repos/${repo.owner}/${repo.name}`;
      const tags = [...listRefs(repo.dir)].filter(([ref]) => ref.startsWith('refs/tags/')).reverse().map(([ref]) => {
        const name = ref.slice('refs/tags/'.length);
        const sha = resolveCommit(repo, ref)!;
        return {
          name, commit: { sha, url: `${api}/commits/${sha}` }, zipball_url: `${api}/zipball/refs/tags/${name}`,
          tarball_url: `${api}/tarball/refs/tags/${name}`, node_id: nodeId('Ref', `${repo.id}:${ref}`),
        };
      });
      return paginate(ctx, tags);
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/commits', operationId: 'repos/list-commits',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const start = resolveCommit(repo, ctx.query.get('sha'));
      if (!start) throw new GhError(409, 'Git Repository is empty.');
      const shas: string[] = [];
      let sha: string | undefined = start;
      while (sha && shas.length < 1000) {
        shas.push(sha);
        sha = readCommit(repo.dir, sha)?.parents[0];
      }
      return paginate(ctx, shas.map((s) => commitShape(ctx.sim, repo, s)));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/commits/{ref}', operationId: 'repos/get-commit',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const sha = resolveCommit(repo, ctx.params.ref);
      if (!sha) throw new GhError(422, `No commit found for SHA: ${ctx.params.ref}`);
      const parent = readCommit(repo.dir, sha)?.parents[0];
      const stats = parent ? compareCommits(repo, parent, sha) : undefined;
      const patches = parent ? filePatches(repo.dir, parent, sha) : undefined;
      const files = (stats?.files ?? []).map((f) => diffEntry(ctx, repo, f, sha, patches));
      const additions = stats?.additions ?? 0;
      const deletions = stats?.deletions ?? 0;
      return ok({ ...commitShape(ctx.sim, repo, sha), stats: { additions, deletions, total: additions + deletions }, files });
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/compare/{basehead}', operationId: 'repos/compare-commits-with-basehead',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const [baseName, headName] = ctx.params.basehead!.split('...');
      const base = resolveCommit(repo, baseName);
      const head = resolveCommit(repo, headName);
      if (!base || !head) throw notFound();
      const forward = compareCommits(repo, base, head);
      const backward = compareCommits(repo, head, base);
      const status = forward.commits === 0 && backward.commits === 0 ? 'identical'
        : backward.commits === 0 ? 'ahead' : forward.commits === 0 ? 'behind' : 'diverged';
      const web = `${ctx.sim.webUrl}/${repo.owner}/${repo.name}`;
      const mergeBase = forward.commitShas.length > 0 ? readCommit(repo.dir, forward.commitShas[0]!)?.parents[0] ?? base : head;
      return ok({
        url: `${ctx.sim.url}/repos/${repo.owner}/${repo.name}/compare/${baseName}...${headName}`,
        html_url: `${web}/compare/${baseName}...${headName}`, permalink_url: `${web}/compare/${base}...${head}`,
        diff_url: `${web}/compare/${baseName}...${headName}.diff`, patch_url: `${web}/compare/${baseName}...${headName}.patch`,
        base_commit: commitShape(ctx.sim, repo, base), merge_base_commit: commitShape(ctx.sim, repo, mergeBase),
        status, ahead_by: forward.commits, behind_by: backward.commits, total_commits: forward.commits,
        commits: forward.commitShas.map((s) => commitShape(ctx.sim, repo, s)),
        files: forward.files.map((f) => diffEntry(ctx, repo, f, head, filePatches(repo.dir, mergeBase, head))),
      });
    },
  },
];
