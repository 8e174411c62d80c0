// Branch protection: get, set (PUT, replacing it whole as GitHub does) and remove. What it requires is
// enforced when people merge (state/protection.ts).
import { readRef } from '../git/refs.js';
import { GhError } from '../server/errors.js';
import { noContent, ok, type RequestContext, type Route } from '../server/route.js';
import type { BranchProtection, Repo } from '../state/types.js';
import { repoFor } from './common.js';

function adminRepo(ctx: RequestContext): Repo {
  const repo = repoFor(ctx);
  const a = ctx.actor;
  const admin = a.kind === 'installation' || (a.kind === 'user' && ctx.sim.roleOf(repo, a.login) === 'admin');
  if (!admin) throw new GhError(404, 'Not Found');
  if (!readRef(repo.dir, `refs/heads/${ctx.params.branch}`)) throw new GhError(404, 'Branch not found');
  return repo;
}

export function protectionShape(ctx: RequestContext, repo: Repo, p: BranchProtection): Record<string, unknown> {
  const url = `${ctx.sim.url}/repos/${repo.owner}/${repo.name}/branches/${encodeURIComponent(p.branch)}/protection`;
  const shape: Record<string, unknown> = { url, enforce_admins: { url: `${url}/enforce_admins`, enabled: p.enforceAdmins } };
  if (p.requiredChecks) {
    shape.required_status_checks = {
      url: `${url}/required_status_checks`, contexts_url: `${url}/required_status_checks/contexts`, strict: p.requiredChecks.strict,
      contexts: p.requiredChecks.contexts, checks: p.requiredChecks.contexts.map((context) => ({ context, app_id: null })),
    };
  }
  if (p.requiredReviews) {
    shape.required_pull_request_reviews = {
      url: `${url}/required_pull_request_reviews`, dismiss_stale_reviews: p.requiredReviews.dismissStale,
      require_code_owner_reviews: p.requiredReviews.codeOwners, required_approving_review_count: p.requiredReviews.count,
    };
  }
  return shape;
}

export const protectionRoutes: Route[] = [
  {
    method: 'GET', path: '/repos/{owner}/{repo}/branches/{branch}/protection', operationId: 'repos/get-branch-protection',
    handle: (ctx) => {
      const repo = adminRepo(ctx);
      const p = ctx.sim.store.protection(repo.id, ctx.params.branch!);
      if (!p) throw new GhError(404, 'Branch not protected');
      return ok(protectionShape(ctx, repo, p));
    },
  },
  {
    method: 'PUT', path: '/repos/{owner}/{repo}/branches/{branch}/protection', operationId: 'repos/update-branch-protection',
    handle: (ctx) => {
      const repo = adminRepo(ctx);
      const b = ctx.body;
      const checks = b.required_status_checks;
      const reviews = b.required_pull_request_reviews;
      const p: BranchProtection = {
        repoId: repo.id, branch: ctx.params.branch!, enforceAdmins: b.enforce_admins === true,
        requiredChecks: checks ? {
          strict: checks.strict === true,
          contexts: [...(checks.contexts ?? []), ...((checks.checks ?? []) as { context: string }[]).map((c) => c.context)].filter((c, i, all) => all.indexOf(c) === i),
        } : null,
        requiredReviews: reviews ? {
          count: reviews.required_approving_review_count ?? 1, dismissStale: reviews.dismiss_stale_reviews === true,
          codeOwners: reviews.require_code_owner_reviews === true,
        } : null,
      };
      ctx.sim.store.protections.set(`${repo.id}:${p.branch}`, p);
      return ok(protectionShape(ctx, repo, p));
    },
  },
  {
    method: 'DELETE', path: '/repos/{owner}/{repo}/branches/{branch}/protection', operationId: 'repos/delete-branch-protection',
    handle: (ctx) => {
      const repo = adminRepo(ctx);
      if (!ctx.sim.store.protections.delete(`${repo.id}:${ctx.params.branch}`)) throw new GhError(404, 'Branch not protected');
      return noContent();
    },
  },
];
