// The Git Data API on the real bare repository: blobs, trees, commits, refs (fast-forward only unless
// forced) and annotated tags. Ref changes are announced like pushes.
import { isAncestor, readCommit } from '../git/history.js';
import { hasObject, parseTree, readObject, serializeCommit, serializeTag, writeObject, type ObjectType, type Person } from '../git/objects.js';
import { listRefs, readRef, RefConflict, updateRef, ZERO_SHA } from '../git/refs.js';
import { sshSign } from '../git/sshsig.js';
import { buildTree, flattenTree, type FileEntry } from '../git/tree.js';
import { WEB_FLOW } from '../git/verification.js';
import { conflict, invalid, notFound } from '../server/errors.js';
import { created, noContent, ok, type RequestContext, type Route } from '../server/route.js';
import { personOf, refsChanged } from '../state/repos.js';
import type { Repo } from '../state/types.js';
import { callerLogin, repoFor, writableRepo } from './common.js';
import { gitCommitShape, gitTagShape, refShape } from './shapes-git.js';
import { nodeId } from './shapes.js';

function personFrom(ctx: RequestContext, given: { name?: string; email?: string; date?: string } | undefined): Person {
  const base = personOf(ctx.sim, callerLogin(ctx));
  if (!given) return base;
  const when = given.date ? Math.floor(Date.parse(given.date) / 1000) : base.time;
  return { name: given.name ?? base.name, email: given.email ?? base.email, time: when, tz: '+0000' };
}

function treeShape(ctx: RequestContext, repo: Repo, sha: string, recursive: boolean) {
  const api = `${ctx.sim.url}/repos/${repo.owner}/${repo.name}`;
  const entries: Record<string, unknown>[] = [];
  const walk = (treeSha: string, prefix: string) => {
    const obj = readObject(repo.dir, treeSha);
    if (!obj) return;
    for (const e of parseTree(obj.content)) {
      const path = prefix ? `${prefix}/${e.name}` : e.name;
      const isTree = e.mode === '40000';
      const entry: Record<string, unknown> = {
        path, mode: isTree ? '040000' : e.mode, type: isTree ? 'tree' : e.mode === '160000' ? 'commit' : 'blob', sha: e.sha,
        url: `${api}/git/${isTree ? 'trees' : 'blobs'}/${e.sha}`,
      };
      if (!isTree) entry.size = readObject(repo.dir, e.sha)?.content.length ?? 0;
      entries.push(entry);
      if (isTree && recursive) walk(e.sha, path);
    }
  };
  walk(sha, '');
  return { sha, url: `${api}/git/trees/${sha}`, tree: entries, truncated: false };
}

function fullRef(ctx: RequestContext): string {
  return `refs/${ctx.params.ref!.replace(/^refs\//, '')}`;
}

function moveRef(ctx: RequestContext, repo: Repo, ref: string, sha: string, expected: string): void {
  try {
    updateRef(repo.dir, ref, sha, expected);
  } catch (e) {
    if (e instanceof RefConflict) throw conflict('Reference update failed: the ref moved; retry');
    throw e;
  }
  refsChanged(ctx.sim, repo, [{ ref, before: expected, after: sha }], callerLogin(ctx));
}

export const gitDataRoutes: Route[] = [
  {
    method: 'POST', path: '/repos/{owner}/{repo}/git/blobs', operationId: 'git/create-blob',
    handle: (ctx) => {
      const repo = writableRepo(ctx);
      const data = Buffer.from(String(ctx.body.content), ctx.body.encoding === 'base64' ? 'base64' : 'utf8');
      const sha = writeObject(repo.dir, 'blob', data);
      return created({ sha, url: `${ctx.sim.url}/repos/${repo.owner}/${repo.name}/git/blobs/${sha}` });
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/git/blobs/{file_sha}', operationId: 'git/get-blob',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const obj = readObject(repo.dir, ctx.params.file_sha!);
      if (!obj || obj.type !== 'blob') throw notFound();
      const sha = ctx.params.file_sha!;
      return ok({
        sha, node_id: nodeId('Blob', sha), size: obj.content.length, url: `${ctx.sim.url}/repos/${repo.owner}/${repo.name}/git/blobs/${sha}`,
        content: obj.content.toString('base64'), encoding: 'base64',
      });
    },
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/git/trees', operationId: 'git/create-tree',
    handle: (ctx) => {
      const repo = writableRepo(ctx);
      let files = new Map<string, FileEntry>();
      if (ctx.body.base_tree) {
        const base = readObject(repo.dir, ctx.body.base_tree);
        if (!base || base.type !== 'tree') throw invalid('Invalid request.\n\nbase_tree is not a valid tree');
        files = flattenTree(repo.dir, ctx.body.base_tree);
      }
      for (const item of ctx.body.tree as { path: string; mode: string; type: string; sha?: string | null; content?: string }[]) {
        if (item.type === 'tree') {
          for (const key of [...files.keys()]) if (key.startsWith(`${item.path}/`)) files.delete(key);
          if (item.sha) for (const [p, e] of flattenTree(repo.dir, item.sha)) files.set(`${item.path}/${p}`, e);
          continue;
        }
        if (item.sha === null) {
          files.delete(item.path);
          continue;
        }
        const sha = item.content !== undefined ? writeObject(repo.dir, 'blob', Buffer.from(item.content)) : item.sha!;
        if (!hasObject(repo.dir, sha)) throw invalid(`Invalid request.\n\n${sha} is not a valid blob`);
        files.set(item.path, { mode: item.mode, sha });
      }
      return created(treeShape(ctx, repo, buildTree(repo.dir, files), false));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/git/trees/{tree_sha}', operationId: 'git/get-tree',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      let sha = ctx.params.tree_sha!;
      const commit = readCommit(repo.dir, sha) ?? (readRef(repo.dir, `refs/heads/${sha}`) ? readCommit(repo.dir, readRef(repo.dir, `refs/heads/${sha}`)!) : undefined);
      if (commit) sha = commit.tree;
      if (readObject(repo.dir, sha)?.type !== 'tree') throw notFound();
      return ok(treeShape(ctx, repo, sha, ctx.query.has('recursive')));
    },
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/git/commits', operationId: 'git/create-commit',
    handle: (ctx) => {
      const repo = writableRepo(ctx);
      const parents: string[] = ctx.body.parents ?? [];
      if (readObject(repo.dir, ctx.body.tree)?.type !== 'tree') throw invalid('Invalid request.\n\ntree is not a valid tree');
      for (const p of parents) if (!readCommit(repo.dir, p)) throw invalid(`Invalid request.\n\nparent ${p} is not a commit`);
      const author = personFrom(ctx, ctx.body.author);
      // An app's commit without its own signature or committer is committed and signed by GitHub (web flow),
      // so it is verified, as GitHub does for commits apps make through the API.
      const byGitHub = ctx.actor.kind === 'installation' && !ctx.body.signature && !ctx.body.committer;
      const committer = byGitHub ? { ...WEB_FLOW, time: author.time, tz: '+0000' } : ctx.body.committer ? personFrom(ctx, ctx.body.committer) : author;
      const fields = { tree: ctx.body.tree, parents, author, committer, message: ctx.body.message };
      const signature: string | undefined = byGitHub ? sshSign(ctx.sim.webFlowKey, serializeCommit(fields)) : ctx.body.signature;
      const sha = writeObject(repo.dir, 'commit', serializeCommit(fields, signature));
      return created(gitCommitShape(ctx.sim, repo, sha));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/git/commits/{commit_sha}', operationId: 'git/get-commit',
    handle: (ctx) => {
      const shape = gitCommitShape(ctx.sim, repoFor(ctx), ctx.params.commit_sha!);
      if (!shape) throw notFound();
      return ok(shape);
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/git/ref/{ref}', operationId: 'git/get-ref',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const ref = fullRef(ctx);
      const sha = readRef(repo.dir, ref);
      if (!sha) throw notFound();
      return ok(refShape(ctx.sim, repo, ref, sha));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/git/matching-refs/{ref}', operationId: 'git/list-matching-refs',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const prefix = fullRef(ctx);
      return ok([...listRefs(repo.dir)].filter(([ref]) => ref.startsWith(prefix)).map(([ref, sha]) => refShape(ctx.sim, repo, ref, sha)));
    },
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/git/refs', operationId: 'git/create-ref',
    handle: (ctx) => {
      const repo = writableRepo(ctx);
      const ref: string = ctx.body.ref;
      if (!/^refs\/.+\/.+/.test(ref)) throw invalid('Reference name must start with \'refs/\' and have at least two slashes.');
      if (!hasObject(repo.dir, ctx.body.sha)) throw invalid('Object does not exist');
      if (readRef(repo.dir, ref)) throw invalid('Reference already exists');
      moveRef(ctx, repo, ref, ctx.body.sha, ZERO_SHA);
      return created(refShape(ctx.sim, repo, ref, ctx.body.sha));
    },
  },
  {
    method: 'PATCH', path: '/repos/{owner}/{repo}/git/refs/{ref}', operationId: 'git/update-ref',
    handle: (ctx) => {
      const repo = writableRepo(ctx);
      const ref = fullRef(ctx);
      const current = readRef(repo.dir, ref);
      if (!current) throw invalid('Reference does not exist');
      const sha: string = ctx.body.sha;
      if (!hasObject(repo.dir, sha)) throw invalid('Object does not exist');
      if (!ctx.body.force && current !== sha && !isAncestor(repo.dir, current, sha)) throw invalid('Update is not a fast forward');
      if (current !== sha) moveRef(ctx, repo, ref, sha, current);
      return ok(refShape(ctx.sim, repo, ref, sha));
    },
  },
  {
    method: 'DELETE', path: '/repos/{owner}/{repo}/git/refs/{ref}', operationId: 'git/delete-ref',
    handle: (ctx) => {
      const repo = writableRepo(ctx);
      const ref = fullRef(ctx);
      const current = readRef(repo.dir, ref);
      if (!current) throw invalid('Reference does not exist');
      moveRef(ctx, repo, ref, ZERO_SHA, current);
      return noContent();
    },
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/git/tags', operationId: 'git/create-tag',
    handle: (ctx) => {
      const repo = writableRepo(ctx);
      const object = readObject(repo.dir, ctx.body.object);
      if (!object || object.type !== ctx.body.type) throw invalid('Object does not exist');
      const tagger = personFrom(ctx, ctx.body.tagger);
      const message: string = ctx.body.message.endsWith('\n') ? ctx.body.message : `${ctx.body.message}\n`;
      const sha = writeObject(repo.dir, 'tag', serializeTag({ object: ctx.body.object, type: ctx.body.type as ObjectType, tag: ctx.body.tag, tagger, message }));
      return created(gitTagShape(ctx.sim, repo, sha));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/git/tags/{tag_sha}', operationId: 'git/get-tag',
    handle: (ctx) => {
      const shape = gitTagShape(ctx.sim, repoFor(ctx), ctx.params.tag_sha!);
      if (!shape) throw notFound();
      return ok(shape);
    },
  },
];

