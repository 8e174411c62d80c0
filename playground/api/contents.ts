// The contents API: read a file or directory at a ref; create, update or delete a file on a branch with
// GitHub's sha precondition (missing sha for an existing file is 422, a stale sha is 409). Commits made
// here are committed by GitHub and signed with its web-flow key, as GitHub does for web and API edits.
import { readCommit } from '../git/history.js';
import { parseTree, readObject } from '../git/objects.js';
import { readRef, RefConflict } from '../git/refs.js';
import { entryAt } from '../git/tree.js';
import { WEB_FLOW } from '../git/verification.js';
import { conflict, GhError, notFound } from '../server/errors.js';
import { ok, type RequestContext, type Route } from '../server/route.js';
import { commitFiles, personOf } from '../state/repos.js';
import type { Repo } from '../state/types.js';
import { callerLogin, repoFor, writableRepo } from './common.js';
import { resolveCommit } from './resolve.js';
import { gitCommitShape } from './shapes-git.js';

function entryShape(ctx: RequestContext, repo: Repo, path: string, sha: string, type: string, size: number, ref: string) {
  const api = `${ctx.sim.url}/repos/${repo.owner}/${repo.name}`;
  const html = `${ctx.sim.webUrl}/${repo.owner}/${repo.name}/${type === 'dir' ? 'tree' : 'blob'}/${ref}/${path}`;
  const gitUrl = `${api}/git/${type === 'dir' ? 'trees' : 'blobs'}/${sha}`;
  const self = `${api}/contents/${path}?ref=${ref}`;
  return {
    type, size, name: path.split('/').pop()!, path, sha, url: self, git_url: gitUrl, html_url: html,
    download_url: type === 'file' ? `${ctx.sim.webUrl}/${repo.owner}/${repo.name}/raw/${ref}/${path}` : null,
    _links: { self, git: gitUrl, html },
  };
}

function wantsRaw(ctx: RequestContext): boolean {
  return String(ctx.headers.accept ?? '').includes('raw');
}

function fileAt(repo: Repo, commit: string, path: string): { sha: string; mode: string } | undefined {
  const c = readCommit(repo.dir, commit);
  const entry = c ? entryAt(repo.dir, c.tree, path) : undefined;
  return entry && entry.mode !== '40000' ? entry : undefined;
}

function writeFile(ctx: RequestContext, content: Buffer | null): ReturnType<Route['handle']> {
  const repo = writableRepo(ctx);
  const login = callerLogin(ctx);
  const path = ctx.params.path!;
  const branch: string = ctx.body.branch ?? repo.defaultBranch;
  const head = readRef(repo.dir, `refs/heads/${branch}`);
  if (!head && branch !== repo.defaultBranch) throw notFound();
  const existing = head ? fileAt(repo, head, path) : undefined;
  const given: string | undefined = ctx.body.sha;
  if (content === null && !existing) throw notFound();
  if (existing && given === undefined) throw new GhError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
  if (existing && given !== existing.sha) throw conflict(`${path} does not match ${given}`);
  const author = ctx.body.author ? { ...personOf(ctx.sim, login), ...ctx.body.author } : personOf(ctx.sim, login);
  let sha: string;
  try {
    sha = commitFiles(ctx.sim, repo, {
      branch, files: { [path]: content }, message: ctx.body.message, author,
      committer: { ...WEB_FLOW, time: author.time, tz: '+0000' }, signingKey: ctx.sim.webFlowKey, expected: head,
    }, login);
  } catch (e) {
    if (e instanceof RefConflict) throw conflict(`${branch} moved while committing; retry`);
    throw e;
  }
  const commit = gitCommitShape(ctx.sim, repo, sha)!;
  if (content === null) return ok({ content: null, commit });
  const blob = fileAt(repo, sha, path)!;
  return { status: existing ? 200 : 201, body: { content: entryShape(ctx, repo, path, blob.sha, 'file', content.length, branch), commit } };
}

export const contentRoutes: Route[] = [
  {
    method: 'GET', path: '/repos/{owner}/{repo}/contents/{path}', operationId: 'repos/get-content',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const ref = ctx.query.get('ref') ?? repo.defaultBranch;
      const commit = resolveCommit(repo, ref);
      if (!commit) throw new GhError(404, `No commit found for the ref ${ref}`);
      const path = ctx.params.path!.replace(/\/$/, '');
      const entry = entryAt(repo.dir, readCommit(repo.dir, commit)!.tree, path);
      if (!entry) throw notFound();
      const obj = readObject(repo.dir, entry.sha)!;
      if (entry.mode === '40000') {
        return ok(parseTree(obj.content).map((e) => {
          const child = path ? `${path}/${e.name}` : e.name;
          const size = e.mode === '40000' ? 0 : readObject(repo.dir, e.sha)?.content.length ?? 0;
          return entryShape(ctx, repo, child, e.sha, e.mode === '40000' ? 'dir' : 'file', size, ref);
        }));
      }
      if (wantsRaw(ctx)) return { status: 200, raw: { data: obj.content, contentType: 'application/vnd.github.raw; charset=utf-8' } };
      return ok({
        ...entryShape(ctx, repo, path, entry.sha, 'file', obj.content.length, ref),
        encoding: 'base64', content: obj.content.toString('base64').replace(/(.{60})/g, '$1\n'),
      });
    },
  },
  {
    method: 'PUT', path: '/repos/{owner}/{repo}/contents/{path}', operationId: 'repos/create-or-update-file-contents',
    handle: (ctx) => writeFile(ctx, Buffer.from(String(ctx.body.content), 'base64')),
  },
  {
    method: 'DELETE', path: '/repos/{owner}/{repo}/contents/{path}', operationId: 'repos/delete-file',
    handle: (ctx) => writeFile(ctx, null),
  },
];
