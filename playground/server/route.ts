// The shape of one REST route. Each route names the operationId of GitHub's description it implements,
// so requests and responses can be checked against that operation (server/openapi.ts).
import type { Sim } from '../sim.js';

export type Actor =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'app' }
  | {
    readonly kind: 'installation'; readonly installationId: number; readonly repoIds: number[] | null; readonly login: string;
    /** The token's permissions (undefined: not limited). */
    readonly permissions?: Readonly<Record<string, string>>;
    /** The token itself, as the key of its rate-limit budget. */
    readonly token: string;
  }
  | {
    readonly kind: 'user'; readonly login: string; readonly token?: string;
    /** A workflow's GITHUB_TOKEN: what its `permissions:` allow (checked as an installation token's are). */
    readonly permissions?: Readonly<Record<string, string>>;
  };

export interface RequestContext {
  readonly sim: Sim;
  readonly actor: Actor;
  readonly params: Readonly<Record<string, string>>;
  /** The request path without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- validated against the operation's schema
  readonly body: any;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  /** A non-JSON body (e.g. the raw media type of contents); not checked against the description. */
  readonly raw?: { readonly data: Buffer; readonly contentType: string };
  readonly headers?: Record<string, string>;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** The path template exactly as in GitHub's description, e.g. /repos/{owner}/{repo}/pulls. */
  readonly path: string;
  readonly operationId: string;
  readonly handle: (ctx: RequestContext) => Reply | Promise<Reply>;
}

export const ok = (body: unknown, status = 200): Reply => ({ status, body });
export const created = (body: unknown): Reply => ({ status: 201, body });
export const noContent = (): Reply => ({ status: 204 });

/** The login that GitHub shows for an actor (the app's bot user for the app and its tokens). */
export function actorLogin(sim: Sim, actor: Actor): string | undefined {
  switch (actor.kind) {
    case 'user': return actor.login;
    case 'installation': return actor.login;
    case 'app': return `${sim.app.slug}[bot]`;
    default: return undefined;
  }
}

/** The actor as the trace writes it: the user login, or app:<slug> for the app and its installation tokens. */
export function traceActor(sim: Sim, actor: Actor): string | null {
  if (actor.kind === 'app' || actor.kind === 'installation') return `app:${sim.app.slug}`;
  return actor.kind === 'user' ? actor.login : null;
}
