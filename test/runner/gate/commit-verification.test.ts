// The commit-signature decision with a plain fake of the port: git's word first; GitHub's only when the
// default branch trusts it, and only verified with reason exactly "valid"; a failing port is never a pass.
import { describe, expect, it } from 'vitest';
import { CopilotError } from '../../../core/errors.js';
import { checkCommitSignature, type CommitSignatureReport } from '../../../runner/gate/commit-verification.js';

const COMMIT = 'ab'.repeat(20);
const gitNo = { yes: false, output: 'no signature found' };
const report = (verified: boolean, reason: string, signature_present = true): CommitSignatureReport => ({ verified, reason, signature_present });
const port = (r: CommitSignatureReport) => ({ verify: async (sha: string) => { expect(sha).toBe(COMMIT); return r; } });

describe('checkCommitSignature', () => {
  it.each<[string, boolean, CommitSignatureReport | undefined, boolean, RegExp]>([
    ['GitHub verified and valid, trusted', true, report(true, 'valid'), true, /verified by GitHub \(reason valid\)/],
    ['GitHub verified but another reason', true, report(true, 'unknown_key'), false, /GitHub reports verification unknown_key \(a signature GitHub does not verify\)$/],
    ['GitHub valid but not verified', true, report(false, 'valid'), false, /GitHub reports verification valid/],
    ['GitHub bad_email', true, report(false, 'bad_email'), false, /GitHub reports verification bad_email/],
    ['GitHub verified and valid, not trusted', false, report(true, 'valid'), false, /GitHub-verified commits are not trusted/],
    ['trusted, no port', true, undefined, false, /no GitHub API access/],
  ])('%s', async (_name, trustGitHub, answer, ok, detail) => {
    const check = await checkCommitSignature({ commit: COMMIT, git: gitNo, gitNote: '', trustGitHub, ...(answer ? { commitVerification: port(answer) } : {}) });
    expect(check).toMatchObject({ id: 'commit-signature', ok });
    expect(check.detail).toMatch(detail);
    if (!ok) expect(check.detail).toMatch(/^not signed by an allowed signer \(git verify-commit refused abababababab: no signature found\); /);
  });

  it('passes on git\'s word without asking the port', async () => {
    const check = await checkCommitSignature({ commit: COMMIT, git: { yes: true, output: '' }, gitNote: '', trustGitHub: true, commitVerification: { verify: () => Promise.reject(new Error('asked')) } });
    expect(check).toMatchObject({ ok: true, detail: 'commit abababababab signed by an allowed signer (git verify-commit)' });
  });

  it('lets a failing port\'s system error through', async () => {
    const failing = { verify: () => Promise.reject(new CopilotError('IO_FAILED', 'GitHub API failed (HTTP 502)')) };
    await expect(checkCommitSignature({ commit: COMMIT, git: gitNo, gitNote: '', trustGitHub: true, commitVerification: failing }))
      .rejects.toMatchObject({ kind: 'system', code: 'IO_FAILED' });
  });
});
