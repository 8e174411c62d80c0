// One simulated person, acting through the REST API with their own token.
import type { Octokit } from '@octokit/rest';
import { serializeCommit } from '../git/objects.js';
import { sshSign, type SshKeyPair } from '../git/sshsig.js';
import type { Sim } from '../sim.js';
import { personOf } from '../state/repos.js';

function split(fullName: string): { owner: string; repo: string } {
  const [owner, repo] = fullName.split('/') as [string, string];
  return { owner, repo };
}

export interface PushOptions {
  /** Branch to start a new branch from (default: the repository's default branch). */
  readonly from?: string;
  /** Sign the commit with the person's registered SSH key (created with signing: true). */
  readonly sign?: boolean;
}

export class Person {
  constructor(
    private readonly sim: Sim,
    readonly login: string,
    /** A user token (works for the REST API and, as the password, for git over HTTP). */
    readonly token: string,
    readonly octokit: Octokit,
    private readonly key: () => SshKeyPair | undefined,
  ) {}

  /** A clone URL for git over HTTP that authenticates as this person (the token is in it: keep it out of logs). */
  cloneUrl(fullName: string): string {
    const u = new URL(`${this.sim.webUrl}/${fullName}.git`);
    u.username = this.login;
    u.password = this.token;
    return u.toString();
  }

  /** Commits `files` (path -> content, null deletes) on `branch`, creating it if needed. Returns the commit sha. */
  async push(fullName: string, branch: string, files: Record<string, string | null>, message: string, opts: PushOptions = {}): Promise<string> {
    const { owner, repo } = split(fullName);
    const gh = this.octokit;
    let parent: string | undefined;
    let exists = true;
    try {
      parent = (await gh.git.getRef({ owner, repo, ref: `heads/${branch}` })).data.object.sha;
    } catch (e) {
      if ((e as { status?: number }).status !== 404) throw e;
      exists = false;
      const from = opts.from ?? (await gh.repos.get({ owner, repo })).data.default_branch;
      try {
        parent = (await gh.git.getRef({ owner, repo, ref: `heads/${from}` })).data.object.sha;
      } catch (e2) {
        if ((e2 as { status?: number }).status !== 404) throw e2;
      }
    }
    const baseTree = parent ? (await gh.git.getCommit({ owner, repo, commit_sha: parent })).data.tree.sha : undefined;
    const tree = await gh.git.createTree({
      owner, repo, ...(baseTree ? { base_tree: baseTree } : {}),
      tree: Object.entries(files).map(([path, content]) => content === null
        ? { path, mode: '100644' as const, type: 'blob' as const, sha: null }
        : { path, mode: '100644' as const, type: 'blob' as const, content }),
    });
    const me = personOf(this.sim, this.login);
    const date = new Date(me.time * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const who = { name: me.name, email: me.email, date };
    const parents = parent ? [parent] : [];
    let signature: string | undefined;
    if (opts.sign) {
      const key = this.key();
      if (!key) throw new Error(`${this.login} has no signing key: create the user with signing: true`);
      const text = message.endsWith('\n') ? message : `${message}\n`;
      signature = sshSign(key, serializeCommit({ tree: tree.data.sha, parents, author: me, committer: me, message: text }));
    }
    const commit = await gh.git.createCommit({
      owner, repo, message: message.endsWith('\n') ? message : `${message}\n`, tree: tree.data.sha, parents, author: who, committer: who,
      ...(signature ? { signature } : {}),
    });
    if (exists) await gh.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: commit.data.sha });
    else await gh.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commit.data.sha });
    return commit.data.sha;
  }

  /** Forks a repository into this person's account (GitHub answers 202 Accepted). Returns the fork's full name. */
  async fork(fullName: string): Promise<string> {
    const { owner, repo } = split(fullName);
    return (await this.octokit.repos.createFork({ owner, repo })).data.full_name;
  }

  async openPull(fullName: string, input: { head: string; base?: string; title: string; body?: string }): Promise<number> {
    const { owner, repo } = split(fullName);
    const base = input.base ?? (await this.octokit.repos.get({ owner, repo })).data.default_branch;
    return (await this.octokit.pulls.create({ owner, repo, head: input.head, base, title: input.title, body: input.body })).data.number;
  }

  async review(fullName: string, pull: number, event: 'APPROVE' | 'REQUEST_CHANGES' | 'COMMENT', body?: string): Promise<number> {
    const { owner, repo } = split(fullName);
    return (await this.octokit.pulls.createReview({ owner, repo, pull_number: pull, event, body: body ?? (event === 'APPROVE' ? undefined : event.toLowerCase()) })).data.id;
  }

  async dismissReview(fullName: string, pull: number, reviewId: number, message: string): Promise<void> {
    const { owner, repo } = split(fullName);
    await this.octokit.pulls.dismissReview({ owner, repo, pull_number: pull, review_id: reviewId, message });
  }

  async comment(fullName: string, issue: number, body: string): Promise<number> {
    const { owner, repo } = split(fullName);
    return (await this.octokit.issues.createComment({ owner, repo, issue_number: issue, body })).data.id;
  }

  async editComment(fullName: string, commentId: number, body: string): Promise<void> {
    const { owner, repo } = split(fullName);
    await this.octokit.issues.updateComment({ owner, repo, comment_id: commentId, body });
  }

  async react(fullName: string, commentId: number, content: '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes'): Promise<void> {
    const { owner, repo } = split(fullName);
    await this.octokit.reactions.createForIssueComment({ owner, repo, comment_id: commentId, content });
  }

  async openIssue(fullName: string, title: string, body?: string): Promise<number> {
    const { owner, repo } = split(fullName);
    return (await this.octokit.issues.create({ owner, repo, title, body })).data.number;
  }

  /** Merges with GitHub's merge button: a merge commit signed by GitHub (web-flow). */
  async merge(fullName: string, pull: number, method: 'merge' | 'squash' = 'merge'): Promise<string> {
    const { owner, repo } = split(fullName);
    return (await this.octokit.pulls.merge({ owner, repo, pull_number: pull, merge_method: method })).data.sha;
  }

  /** Re-run of a check run, as a person clicking "Re-run" (the app gets check_run rerequested). */
  async rerequestCheck(fullName: string, checkRunId: number): Promise<void> {
    const { owner, repo } = split(fullName);
    await this.octokit.checks.rerequestRun({ owner, repo, check_run_id: checkRunId });
  }

  async dispatchWorkflow(fullName: string, workflow: string, ref: string, inputs: Record<string, string> = {}): Promise<void> {
    const { owner, repo } = split(fullName);
    await this.octokit.actions.createWorkflowDispatch({ owner, repo, workflow_id: workflow, ref, inputs });
  }
}
