// The second way a tagged commit's own signature can count: GitHub's word for it. A merge made with the
// merge button is signed by GitHub's web-flow key, which no allowed_signers file holds; the repository may
// trust GitHub's `verification` instead (signers.github_verified_commits on the default branch). The gate
// asks only when git's own check said no and the trust is set; an API failure is the system's, never a pass.

/** What GitHub says about a commit's signature (the REST `commit.verification` object, narrowed). */
export interface CommitSignatureReport {
  readonly verified: boolean;
  /** GitHub's reason: valid, unsigned, unknown_key, bad_email, ... */
  readonly reason: string;
  readonly signature_present: boolean;
}

/** The port: GitHub's verification of a commit of the repository the runner runs in. Throws a system CopilotError when it cannot ask. */
export interface CommitVerification {
  verify(sha: string): Promise<CommitSignatureReport>;
}

export interface CommitSignatureInput {
  readonly commit: string;
  /** `git verify-commit` against the allowed signers: yes, or no with git's words. */
  readonly git: { readonly yes: boolean; readonly output: string };
  /** Appended to git's refusal, e.g. that signers.tag_signers is empty. */
  readonly gitNote: string;
  /** signers.github_verified_commits of the default branch's config. */
  readonly trustGitHub: boolean;
  readonly commitVerification?: CommitVerification;
}

export interface CommitSignatureCheck {
  readonly id: 'commit-signature';
  readonly ok: boolean;
  readonly detail: string;
}

/** GitHub's answer counts only when verified and its reason is exactly "valid". */
export function githubVerified(report: CommitSignatureReport): boolean {
  return report.verified === true && report.reason === 'valid';
}

export async function checkCommitSignature(input: CommitSignatureInput): Promise<CommitSignatureCheck> {
  const short = input.commit.slice(0, 12);
  if (input.git.yes) return { id: 'commit-signature', ok: true, detail: `commit ${short} signed by an allowed signer (git verify-commit)` };
  const gitNo = `not signed by an allowed signer (git verify-commit refused ${short}${input.gitNote}: ${input.git.output || 'no signature'})`;
  if (!input.trustGitHub) {
    return { id: 'commit-signature', ok: false, detail: `${gitNo}; GitHub-verified commits are not trusted: set signers.github_verified_commits on the default branch` };
  }
  if (!input.commitVerification) {
    return { id: 'commit-signature', ok: false, detail: `${gitNo}; signers.github_verified_commits is set, but the runner was given no GitHub API access to ask (GITHUB_TOKEN, GITHUB_REPOSITORY)` };
  }
  const report = await input.commitVerification.verify(input.commit);
  if (githubVerified(report)) {
    return { id: 'commit-signature', ok: true, detail: `commit ${short} verified by GitHub (reason valid), trusted by signers.github_verified_commits` };
  }
  const signature = report.signature_present ? 'a signature GitHub does not verify' : 'no signature';
  return { id: 'commit-signature', ok: false, detail: `${gitNo}; GitHub reports verification ${report.reason} (${signature})` };
}
