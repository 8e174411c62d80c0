// The subset of the GitHub REST API the app reads a pull request through. Octokit (@octokit/rest,
// ProbotOctokit) satisfies it structurally; keeping it this small documents exactly what the app asks
// GitHub for, and keeps merge and every other write out of reach of the code typed against it.

/** One REST call: parameters in, `{ data }` out (an Octokit response has more; nothing else is read). */
type Call<P, D> = (params: P) => Promise<{ readonly data: D }>;

// Type aliases, not interfaces: Octokit's parameters carry an index signature only aliases satisfy.
type Repo = { owner: string; repo: string };
type Page = { per_page?: number; page?: number };

export interface PullShape {
  readonly number: number;
  readonly head: { readonly sha: string };
  readonly base: { readonly ref: string };
  readonly user: { readonly login: string } | null;
}

export interface ReviewShape {
  readonly id: number;
  readonly user: { readonly login: string } | null;
  /** APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, or PENDING (a draft nobody else sees). */
  readonly state: string;
  readonly commit_id: string | null;
  readonly submitted_at?: string | undefined;
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
