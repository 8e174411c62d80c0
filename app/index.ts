// The Probot app function: wiring only (one line per event to its handler in app/handlers/, the REST API
// on Probot's server, the reconcile at start). `npm start` runs it through app/main.ts.
import type { ApplicationFunction } from 'probot';
import { apiHandler } from './api/handler.js';
import { onCheckRun } from './handlers/check-run.js';
import { onCheckSuite } from './handlers/check-suite.js';
import { onInstallation, onInstallationRepositories } from './handlers/installation.js';
import { onIssueComment } from './handlers/issue-comment.js';
import { onPullRequestReview } from './handlers/pull-request-review.js';
import { onPullRequest } from './handlers/pull-request.js';
import { onPush } from './handlers/push.js';
import { reconcileInstallations } from './reconcile/at-start.js';
import { startRuntime, type AppRuntime } from './queue/runtime.js';
import { readSettings } from './settings.js';

export function migrationCopilot(env: NodeJS.ProcessEnv, onReady?: (runtime: AppRuntime) => void): ApplicationFunction {
  return async (app, { addHandler }) => {
    const runtime = await startRuntime(app, readSettings(env));
    const { queue } = runtime;
    app.on('pull_request', (ctx) => onPullRequest(ctx, queue));
    app.on('pull_request_review', (ctx) => onPullRequestReview(ctx, queue));
    app.on('issue_comment', (ctx) => onIssueComment(ctx, queue));
    app.on('check_run', (ctx) => onCheckRun(ctx, queue));
    app.on('check_suite', (ctx) => onCheckSuite(ctx, queue));
    app.on('push', (ctx) => onPush(ctx, queue));
    app.on('installation', (ctx) => onInstallation(ctx, queue));
    app.on('installation_repositories', (ctx) => onInstallationRepositories(ctx, queue));
    addHandler(apiHandler(app, runtime));
    onReady?.(runtime);
    if (runtime.settings.reconcileOnStart) void reconcileInstallations(app, runtime);
  };
}
