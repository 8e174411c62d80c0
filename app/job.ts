// The context every handler, reconciler step and comment command gets: one repository, the installation
// that covers it, Probot's installation-authenticated Octokit, the same client behind the GitHubPort
// (the typed subset without merge, with GET answers memoised for the job so no request repeats within
// one event), a logger bound to the repository, and the app's settings. A job is built by the queue's
// worker (app/queue/) from a JobSpec, so it is the same whether the work came from this process or from
// another replica through PostgreSQL.
import type { Context, Logger, ProbotOctokit } from 'probot';
import type { ArtifactMemo } from '../core/repo/index.js';
import type { GitHubPort } from './github/port.js';
import type { AppSettings } from './settings.js';

export type InstallationOctokit = InstanceType<typeof ProbotOctokit>;

export interface RepoJob {
  readonly owner: string;
  readonly repo: string;
  readonly installationId: number;
  /** Probot's Octokit, authenticated as the installation (for calls the port does not type). */
  readonly octokit: InstallationOctokit;
  /** The calls the app makes, typed; reads within one job are answered from a per-job cache. */
  readonly port: GitHubPort;
  /** Artifacts loaded by earlier jobs of this process (core/repo/context.ts artifactMemo), as contextAt loads them. */
  readonly artifacts: ArtifactMemo;
  readonly log: Logger;
  readonly settings: AppSettings;
  /** The installation access token (for git over HTTPS); never log it. */
  token(): Promise<string>;
}

/** What a queued job names: enough to rebuild a RepoJob in any replica, plus the event it came from. */
export interface JobSpec {
  readonly kind: JobKind;
  readonly owner: string;
  readonly repo: string;
  readonly installationId: number;
  /** The X-GitHub-Delivery id it came from (for logs), or "start" for the reconcile at start. */
  readonly delivery: string;
  /** The webhook payload (or the part of it the kind needs). */
  readonly payload: unknown;
  /** 0 (or absent) for the first run; the in-process queue retries a failed job once, with attempt 1. */
  readonly attempt?: number;
}

/**
 * reconcile: converge every open plan pull request (or the one in payload.pull_number) of the repository;
 * comment: a comment command (app/commands); merged: a pull request was merged (app/plan/on-merge);
 * discovery: the discover workflow pushed raw files (app/proposals/discovery).
 */
export type JobKind = 'reconcile' | 'comment' | 'merged' | 'discovery';

/** The payloads handed to the comment commands and to the merge handler (as GitHub sent them). */
export type IssueCommentPayload = Context<'issue_comment'>['payload'];
export type PullRequestClosedPayload = Context<'pull_request.closed'>['payload'];
