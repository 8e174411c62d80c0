// Git over smart HTTP through git's own http-backend (CGI), at /git/{owner}/{repo}.git/...
// Authentication is GitHub's: HTTP Basic with an installation token (user "x-access-token") or a user
// token as the password. Reads of public repositories need no token; anything else needs a token whose
// scope covers the repository, and pushes need write access. A push is announced like any ref change.
import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { actorOfToken } from '../server/auth.js';
import { GhError } from '../server/errors.js';
import type { Trace } from '../server/trace.js';
import type { Actor } from '../server/route.js';
import { actorLogin, traceActor } from '../server/route.js';
import type { Sim } from '../sim.js';
import { grants } from '../state/manifest.js';
import { refsChanged, type RefChange } from '../state/repos.js';
import { listRefs, ZERO_SHA } from './refs.js';

const PATH = /^\/git\/([^/]+)\/([^/]+?)(?:\.git)?(\/(?:info\/refs|git-upload-pack|git-receive-pack|HEAD))$/;

function basicActor(sim: Sim, header: string | undefined): Actor {
  const m = header ? /^basic\s+(\S+)$/i.exec(header.trim()) : null;
  if (!m) return { kind: 'anonymous' };
  const [, password] = Buffer.from(m[1]!, 'base64').toString('utf8').split(/:(.*)/s);
  if (!password) return { kind: 'anonymous' };
  return actorOfToken(sim, password);
}

function deny(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  if (status === 401) res.setHeader('www-authenticate', 'Basic realm="GitHub"');
  res.setHeader('content-type', 'text/plain');
  res.end(`${message}\n`);
}

/** Git requests are logged and traced like REST ones, without their (binary) bodies. */
export async function handleGit(sim: Sim, req: IncomingMessage, res: ServerResponse, trace: Trace | null): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://playground');
  const m = PATH.exec(url.pathname);
  const record = (status: number, actor: Actor) => {
    const who = traceActor(sim, actor);
    sim.requests.push({ method: req.method ?? 'GET', path: url.pathname, operationId: null, status, actor: who });
    trace?.write({ method: req.method ?? 'GET', path: url.pathname + url.search, status, actor: who, request: null, response: null });
  };
  if (!m) return deny(res, 404, 'Not Found');
  const [, owner, name, rest] = m;
  const service = url.searchParams.get('service') ?? (rest === '/git-receive-pack' ? 'git-receive-pack' : 'git-upload-pack');
  const push = service === 'git-receive-pack';
  let actor: Actor;
  try {
    actor = basicActor(sim, req.headers.authorization);
  } catch (e) {
    record(401, { kind: 'anonymous' });
    return deny(res, 401, e instanceof GhError ? e.message : 'Bad credentials');
  }
  const repo = sim.store.repo(owner!, name!);
  const visible = repo !== undefined && sim.canRead(repo, actor);
  if (!repo || !visible || (push && !sim.canWrite(repo, actor))) {
    record(actor.kind === 'anonymous' ? 401 : visible ? 403 : 404, actor);
    if (actor.kind === 'anonymous') return deny(res, 401, 'Authentication required');
    return deny(res, visible ? 403 : 404, visible ? 'Permission denied' : 'Repository not found.');
  }
  // An installation token (or a workflow's GITHUB_TOKEN) needs contents: read to fetch and contents: write to push, as on GitHub.
  if ((actor.kind === 'installation' || actor.kind === 'user') && actor.permissions && !grants(actor.permissions, 'contents', push ? 'write' : 'read')) {
    record(403, actor);
    return deny(res, 403, `Permission to ${repo.owner}/${repo.name}.git denied to ${actor.login}.`);
  }
  const before = push ? listRefs(repo.dir) : undefined;
  const login = actorLogin(sim, actor) ?? 'anonymous';
  const status = await runBackend(sim, req, res, `/${repo.owner.toLowerCase()}/${repo.name.toLowerCase()}.git${rest}`, url.search.slice(1), login);
  record(status, actor);
  if (before && rest === '/git-receive-pack') {
    const after = listRefs(repo.dir);
    const changes: RefChange[] = [];
    for (const [ref, sha] of after) if (before.get(ref) !== sha) changes.push({ ref, before: before.get(ref) ?? ZERO_SHA, after: sha });
    for (const [ref, sha] of before) if (!after.has(ref)) changes.push({ ref, before: sha, after: ZERO_SHA });
    if (changes.length > 0) refsChanged(sim, repo, changes, login);
  }
}

function runBackend(sim: Sim, req: IncomingMessage, res: ServerResponse, pathInfo: string, query: string, user: string): Promise<number> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, GIT_PROJECT_ROOT: `${sim.dataDir}/repos`, GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: pathInfo, QUERY_STRING: query, REQUEST_METHOD: req.method ?? 'GET', REMOTE_USER: user,
      REMOTE_ADDR: '127.0.0.1', CONTENT_TYPE: req.headers['content-type'] ?? '', GIT_CONFIG_NOSYSTEM: '1', HOME: sim.dataDir,
    };
    if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
    if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
    if (req.headers['git-protocol']) env.GIT_PROTOCOL = String(req.headers['git-protocol']);
    const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let head = Buffer.alloc(0);
    let headersDone = false;
    let status = 200;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      let end = head.indexOf('\r\n\r\n');
      let sep = 4;
      if (end < 0) {
        end = head.indexOf('\n\n');
        sep = 2;
      }
      if (end < 0) return;
      headersDone = true;
      for (const line of head.subarray(0, end).toString().split(/\r?\n/)) {
        const i = line.indexOf(':');
        const key = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (key.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else res.setHeader(key, value);
      }
      res.statusCode = status;
      res.write(head.subarray(end + sep));
    });
    child.stderr.resume();
    req.pipe(child.stdin);
    child.stdin.on('error', () => { /* the backend may stop reading early */ });
    child.on('close', (code) => {
      if (!headersDone) {
        res.statusCode = 500;
        status = 500;
      }
      if (code !== 0 && !headersDone) res.end('git http-backend failed\n');
      else res.end();
      resolve(status);
    });
  });
}
