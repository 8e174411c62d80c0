// Shapes of git data (commits, trees, tags, refs) and of the REST `commit` object, with GitHub's
// `verification` computed from the real signature.
import { readCommit } from '../git/history.js';
import { parseTag, readObject, type Person } from '../git/objects.js';
import type { Sim } from '../sim.js';
import type { Repo } from '../state/types.js';
import { nodeId, userShape } from './shapes.js';

export function isoTime(p: Person): string {
  return new Date(p.time * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function gitUser(p: Person): Record<string, unknown> {
  return { name: p.name, email: p.email, date: isoTime(p) };
}

/** The login of the account with this email, as GitHub links commit authors. */
export function loginByEmail(sim: Sim, email: string): string | undefined {
  for (const a of sim.store.accounts.values()) if (a.email && a.email.toLowerCase() === email.toLowerCase()) return a.login;
  const m = /^\d+\+([^@]+)@users\.noreply\.playground$/.exec(email);
  return m && sim.store.account(m[1]!) ? m[1] : undefined;
}

export function gitCommitShape(sim: Sim, repo: Repo, sha: string): Record<string, unknown> | undefined {
  const c = readCommit(repo.dir, sha);
  if (!c) return undefined;
  const api = `${sim.url}/repos/${repo.owner}/${repo.name}`;
  return {
    sha, node_id: nodeId('Commit', sha), url: `${api}/git/commits/${sha}`,
    html_url: `${sim.webUrl}/${repo.owner}/${repo.name}/commit/${sha}`,
    author: gitUser(c.author), committer: gitUser(c.committer), message: c.message.replace(/\n$/, ''),
    tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
    parents: c.parents.map((p) => ({ sha: p, url: `${api}/git/commits/${p}`, html_url: `${sim.webUrl}/${repo.owner}/${repo.name}/commit/${p}` })),
    verification: sim.verification(c.signature, c.payload, c.committer.email),
  };
}

/** The REST `commit` object (GET /repos/{o}/{r}/commits/{ref}). */
export function commitShape(sim: Sim, repo: Repo, sha: string): Record<string, unknown> | undefined {
  const git = gitCommitShape(sim, repo, sha);
  const c = readCommit(repo.dir, sha);
  if (!git || !c) return undefined;
  const api = `${sim.url}/repos/${repo.owner}/${repo.name}`;
  const author = loginByEmail(sim, c.author.email);
  const committer = loginByEmail(sim, c.committer.email);
  return {
    url: `${api}/commits/${sha}`, sha, node_id: git.node_id, html_url: git.html_url, comments_url: `${api}/commits/${sha}/comments`,
    commit: {
      url: git.url, author: git.author, committer: git.committer, message: git.message, comment_count: 0,
      tree: git.tree, verification: git.verification,
    },
    author: author ? userShape(sim, author) : null,
    committer: committer ? userShape(sim, committer) : null,
    parents: c.parents.map((p) => ({ sha: p, url: `${api}/commits/${p}`, html_url: `${sim.webUrl}/${repo.owner}/${repo.name}/commit/${p}` })),
  };
}

export function gitTagShape(sim: Sim, repo: Repo, sha: string): Record<string, unknown> | undefined {
  const obj = readObject(repo.dir, sha);
  if (!obj || obj.type !== 'tag') return undefined;
  const t = parseTag(obj.content);
  const api = `${sim.url}/repos/${repo.owner}/${repo.name}`;
  const kind = t.type === 'commit' ? 'commits' : t.type === 'tag' ? 'tags' : `${t.type}s`;
  const tagger = t.tagger ?? { name: '', email: '', time: 0, tz: '+0000' };
  return {
    node_id: nodeId('Tag', sha), tag: t.tag, sha, url: `${api}/git/tags/${sha}`, message: t.message.replace(/\n$/, ''),
    tagger: gitUser(tagger), object: { type: t.type, sha: t.object, url: `${api}/git/${kind}/${t.object}` },
    verification: sim.verification(t.signature, t.payload, tagger.email),
  };
}

export function refShape(sim: Sim, repo: Repo, ref: string, sha: string): Record<string, unknown> {
  const obj = readObject(repo.dir, sha);
  const type = obj?.type ?? 'commit';
  const api = `${sim.url}/repos/${repo.owner}/${repo.name}`;
  return {
    ref, node_id: nodeId('Ref', `${repo.id}:${ref}`), url: `${api}/git/${ref}`,
    object: { type, sha, url: `${api}/git/${type === 'tag' ? 'tags' : `${type}s`}/${sha}` },
  };
}
