// What appending to the audit branch asks of GitHub: read a ref, a tree and a blob, and the signed plans on
// the default branch (the folder listing; their audit heads anchor the chain); write a tree, a commit and a
// ref (created once, then only moved forward: force is never sent). Octokit satisfies it structurally.
type Call<P, D> = (params: P) => Promise<{ readonly data: D }>;
type Repo = { owner: string; repo: string };

export interface AuditPort {
  readonly rest: {
    readonly repos: {
      /** A folder on the default branch (no ref): its entries. */
      readonly getContent: Call<Repo & { path: string }, unknown>;
    };
    readonly git: {
      readonly getRef: Call<Repo & { ref: string }, { readonly object: { readonly sha: string } }>;
      readonly getTree: Call<Repo & { tree_sha: string }, { readonly tree: readonly { readonly path?: string | undefined; readonly sha?: string | undefined; readonly type?: string | undefined }[] }>;
      readonly getBlob: Call<Repo & { file_sha: string }, { readonly content: string; readonly encoding: string }>;
      readonly createTree: Call<Repo & { tree: { path: string; mode: '100644'; type: 'blob'; content: string }[] }, { readonly sha: string }>;
      readonly createCommit: Call<Repo & { message: string; tree: string; parents: string[] }, { readonly sha: string }>;
      readonly createRef: Call<Repo & { ref: string; sha: string }, unknown>;
      readonly updateRef: Call<Repo & { ref: string; sha: string; force: false }, unknown>;
    };
  };
}
