// The subset of the GitHub REST API the app uses. Octokit (@octokit/rest, ProbotOctokit) satisfies it
// structurally; keeping it this small documents exactly what the app asks GitHub for, and keeps merge out
// of reach of the code typed against it: GitHubReadPort reads a pull request, GitHubPort adds the keyed
// writes of the reconciler (check runs, marker comments, suggestion review comments). There is no merge.

/** One REST call: parameters in, `{ data }` out (an Octokit response has more; nothing else is read). */
type Call<P, D> = (params: P) => Promise<{ readonly data: D }>;

// Type aliases, not interfaces: Octokit's parameters carry an index signature only aliases satisfy.
type Repo = { owner: string; repo: string };
type Page = { per_page?: number; page?: number };

export interface PullShape {
  readonly number: number;
  readonly state?: string;
  readonly head: { readonly sha: string };
  readonly base: { readonly ref: string; readonly repo?: { readonly default_branch?: string } };
  readonly user: { readonly login: string } | null;
  /** Issue comments on the pull request (pulls.get only; the list leaves it out). */
  readonly comments?: number;
}

export interface ReviewShape {
  readonly id: number;
  readonly user: { readonly login: string } | null;
  /** APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, or PENDING (a draft nobody else sees). */
  readonly state: string;
  readonly commit_id: string | null;
  readonly submitted_at?: string | undefined;
  readonly body?: string | null | undefined;
}

export interface PullFileShape {
  readonly filename: string;
  readonly status: string;
  readonly previous_filename?: string | undefined;
}

export interface GitHubReadPort {
  readonly rest: {
    readonly pulls: {
      readonly get: Call<Repo & { pull_number: number }, PullShape>;
      readonly listReviews: Call<Repo & Page & { pull_number: number }, readonly ReviewShape[]>;
      readonly listFiles: Call<Repo & Page & { pull_number: number }, readonly PullFileShape[]>;
    };
    readonly git: {
      readonly getRef: Call<Repo & { ref: string }, { readonly object: { readonly sha: string } }>;
    };
    readonly repos: {
      /** With mediaType raw and parseSuccessResponseBody false, data is the body stream (exact bytes). */
      readonly getContent: Call<Repo & {
        path: string; ref: string; mediaType: { format: 'raw' }; request: { parseSuccessResponseBody: false };
      }, unknown>;
    };
    readonly teams: {
      readonly listMembersInOrg: Call<{ org: string; team_slug: string } & Page, readonly { readonly login: string }[]>;
    };
  };
}

export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'skipped' | 'cancelled' | 'timed_out' | 'action_required';

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
}

export interface CheckOutput {
  title: string;
  summary: string;
  text?: string;
  annotations?: CheckAnnotation[];
}

export interface CheckRunShape {
  readonly id: number;
  readonly name: string;
  readonly head_sha: string;
  readonly status: string;
  readonly conclusion: string | null;
  readonly external_id: string | null;
  readonly output: { readonly title: string | null; readonly summary: string | null; readonly annotations_count: number };
}

export interface CommentShape {
  readonly id: number;
  readonly body?: string | undefined;
  readonly user: { readonly login: string; readonly type?: string } | null;
}

export interface ReviewCommentShape {
  readonly id: number;
  readonly body: string;
  readonly path: string;
  readonly commit_id: string;
  readonly user: { readonly login: string } | null;
}

export interface TreeEntryShape {
  readonly path?: string | undefined;
  readonly type?: string | undefined;
  readonly mode?: string | undefined;
  readonly sha?: string | undefined;
}

type CheckWrite = {
  status?: 'queued' | 'in_progress' | 'completed';
  conclusion?: CheckConclusion;
  external_id?: string;
  output?: CheckOutput;
  completed_at?: string;
};

export interface GitHubPort extends GitHubReadPort {
  readonly rest: GitHubReadPort['rest'] & {
    readonly checks: {
      readonly create: Call<Repo & CheckWrite & { name: string; head_sha: string }, CheckRunShape>;
      readonly update: Call<Repo & CheckWrite & { check_run_id: number }, CheckRunShape>;
      readonly listForRef: Call<Repo & Page & { ref: string; check_name?: string; filter?: 'latest' | 'all'; app_id?: number },
        { readonly total_count: number; readonly check_runs: readonly CheckRunShape[] }>;
    };
    readonly issues: {
      readonly listComments: Call<Repo & Page & { issue_number: number }, readonly CommentShape[]>;
      readonly createComment: Call<Repo & { issue_number: number; body: string }, CommentShape>;
      readonly updateComment: Call<Repo & { comment_id: number; body: string }, CommentShape>;
    };
    readonly pulls: {
      readonly list: Call<Repo & Page & { state?: 'open' | 'closed' | 'all'; base?: string }, readonly PullShape[]>;
      readonly listReviewComments: Call<Repo & Page & { pull_number: number }, readonly ReviewCommentShape[]>;
      readonly createReview: Call<Repo & {
        pull_number: number; commit_id?: string; body?: string; event?: 'APPROVE' | 'REQUEST_CHANGES' | 'COMMENT';
        comments?: { path: string; body: string; line?: number; side?: string }[];
      }, ReviewShape>;
      readonly createReviewComment: Call<Repo & { pull_number: number; body: string; commit_id: string; path: string; line: number; side?: 'LEFT' | 'RIGHT' }, ReviewCommentShape>;
    };
    readonly git: {
      readonly getTree: Call<Repo & { tree_sha: string; recursive?: string }, { readonly sha: string; readonly truncated: boolean; readonly tree: readonly TreeEntryShape[] }>;
      readonly getBlob: Call<Repo & { file_sha: string }, { readonly content: string; readonly encoding: string; readonly sha: string }>;
    };
    readonly repos: {
      readonly get: Call<Repo, { readonly default_branch: string; readonly full_name: string; readonly private: boolean }>;
    };
  };
}
