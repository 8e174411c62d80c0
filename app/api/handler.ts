// The read-only REST API on the app's own server (Probot 14 serves handlers added with addHandler; its
// server has no Express router any more):
//   GET /api/v1/installations/{installation_id}/projects     the migration projects the caller can read
//   GET /api/v1/projects/{owner}/{repo}                      one project (state, plan versions, approvals
//                                                            still missing, latest recon, audit head)
//   GET /api/v1/projects/{owner}/{repo}/artifacts/{sha256}   a file by digest, checked on the way out
// Every request carries a GitHub token that can read the repository (checked against GitHub, cached
// briefly); otherwise 401 (no token) or 404 (anything else), with no detail. Writes stay pull requests:
// any other method is 405.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Probot } from 'probot';
import { cachedPort, ContentCache } from '../github/cached-port.js';
import type { InstallationOctokit } from '../job.js';
import type { AppRuntime } from '../queue/runtime.js';
import { accessChecker, bearerToken, type AccessChecker } from './access.js';
import { artifactBySha256, projectDetail, projectSummary, type Where } from './projects.js';

const PREFIX = '/api/v1/';
const NAME = '[A-Za-z0-9_.-]{1,100}';
const INSTALLATION_PROJECTS = /^\/api\/v1\/installations\/(\d{1,15})\/projects$/;
const PROJECT = new RegExp(`^/api/v1/projects/(${NAME})/(${NAME})$`);
const ARTIFACT = new RegExp(`^/api/v1/projects/(${NAME})/(${NAME})/artifacts/([0-9a-f]{64})$`);

class Reply extends Error {
  constructor(readonly status: number, readonly body: string) {
    super(body);
  }
}

const UNAUTHORIZED = () => new Reply(401, 'Unauthorized');
const NOT_FOUND = () => new Reply(404, 'Not Found');

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${JSON.stringify(value, null, 2)}\n`);
}

function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

export function apiHandler(app: Probot, runtime: AppRuntime): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const content = new ContentCache();
  let checker: AccessChecker | undefined;

  const access = async (): Promise<AccessChecker> => {
    if (!checker) {
      const appOctokit = await app.auth();
      checker = accessChecker(appOctokit.request.endpoint.DEFAULTS.baseUrl, runtime.settings.tokenCacheSeconds);
    }
    return checker;
  };

  /** The installation's Octokit for a repository the caller has already proved they can read. */
  const installationFor = async (where: Where): Promise<InstallationOctokit> => {
    const appOctokit = await app.auth();
    try {
      const { data } = await appOctokit.rest.apps.getRepoInstallation({ owner: where.owner, repo: where.repo });
      return await app.auth(data.id) as InstallationOctokit;
    } catch (e) {
      if (statusOf(e) === 404) throw NOT_FOUND();
      throw e;
    }
  };

  const readable = async (token: string, where: Where): Promise<void> => {
    if (!(await (await access()).canRead(token, where.owner, where.repo))) throw NOT_FOUND();
  };

  const route = async (path: string, token: string, res: ServerResponse): Promise<void> => {
    let m = INSTALLATION_PROJECTS.exec(path);
    if (m) {
      let octokit: InstallationOctokit;
      try {
        octokit = await app.auth(Number(m[1])) as InstallationOctokit;
        await octokit.auth({ type: 'installation' });
      } catch {
        throw NOT_FOUND();
      }
      const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
      const checks = await access();
      const port = cachedPort(octokit, content);
      const visible = (await Promise.all(repos.map(async (r) => ((await checks.canRead(token, r.owner.login, r.name)) ? r : undefined))))
        .filter((r): r is NonNullable<typeof r> => r !== undefined);
      if (visible.length === 0 && repos.length > 0) throw NOT_FOUND();
      const projects = (await Promise.all(visible.map((r) => projectSummary(port, { owner: r.owner.login, repo: r.name }))))
        .filter((p): p is NonNullable<typeof p> => p !== undefined)
        .sort((a, b) => a.repository.localeCompare(b.repository));
      return json(res, 200, { installation_id: Number(m[1]), projects });
    }
    m = PROJECT.exec(path);
    if (m) {
      const where = { owner: m[1]!, repo: m[2]! };
      await readable(token, where);
      const octokit = await installationFor(where);
      const detail = await projectDetail(cachedPort(octokit, content), octokit, where);
      if (!detail) throw NOT_FOUND();
      return json(res, 200, detail);
    }
    m = ARTIFACT.exec(path);
    if (m) {
      const where = { owner: m[1]!, repo: m[2]! };
      await readable(token, where);
      const octokit = await installationFor(where);
      const found = await artifactBySha256(cachedPort(octokit, content), where, m[3]!);
      if (!found) throw NOT_FOUND();
      res.writeHead(200, {
        'content-type': 'application/octet-stream', 'content-length': found.bytes.length, 'cache-control': 'no-store',
        'x-artifact-sha256': m[3]!, 'x-artifact-path': found.path,
      });
      res.end(found.bytes);
      return;
    }
    throw NOT_FOUND();
  };

  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://app.invalid').pathname;
    if (!path.startsWith(PREFIX)) return false;
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new Reply(405, 'Method Not Allowed');
      const token = bearerToken(req.headers.authorization);
      if (!token) throw UNAUTHORIZED();
      await route(path, token, res);
    } catch (e) {
      if (e instanceof Reply) json(res, e.status, { message: e.body });
      else {
        runtime.log.error({ err: e, path }, 'REST API request failed');
        json(res, 500, { message: 'Internal Server Error' });
      }
    }
    return true;
  };
}
