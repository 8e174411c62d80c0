// The audit branch on the simulator, over real HTTP with the app's installation token: the first append
// creates migration-audit, a redelivery appends nothing, concurrent appends all land in one valid chain by
// fast-forward, and a branch rewritten behind the app's back is reported, not extended: against the head this
// process saw, and, by a process that saw nothing, against the audit head the newest SignedPlan recorded.
import { ProbotOctokit } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, AUDIT_BRANCH, auditHead, type AuditRequest, type SeenHeads } from '../../../app/audit/branch.js';
import { parseAuditJsonl, verifyChain } from '../../../core/audit/index.js';
import { CopilotError } from '../../../core/errors.js';
import { startPlayground, type Playground } from '../../../playground/index.js';

let gh: Playground;
let app: InstanceType<typeof ProbotOctokit>;
let repos = 0;

beforeAll(async () => {
  gh = await startPlayground();
  gh.people.createUser('carol');
  gh.people.createOrg('acme', ['carol']);
  const installationId = gh.people.installApp('acme').id;
  app = new ProbotOctokit({ baseUrl: gh.url, auth: { appId: gh.app.id, privateKey: gh.app.privateKeyPem, installationId }, request: { retries: 0 }, throttle: { enabled: false } });
});

afterAll(async () => {
  await gh.close();
  expect(gh.violations).toEqual([]);
});

function freshRepo(): { owner: string; repo: string } {
  const repo = `mig-${++repos}`;
  gh.people.createRepo(`acme/${repo}`, { private: true, files: { 'README.md': '# mig\n' } });
  return { owner: 'acme', repo };
}

const clock = () => new Date('2026-01-02T03:04:05.000Z');
const request = (n: number, key = `delivery-${n}`): AuditRequest => ({
  project_id: 'p', actor: 'carol', action: 'command.plan_status', subject: 'pull/1', reasoning: `run ${n}`, refs: { comment: String(n) }, idempotencyKey: key,
});

async function chainOf(where: { owner: string; repo: string }) {
  const tree = (await app.rest.git.getTree({ ...where, tree_sha: AUDIT_BRANCH })).data.tree;
  const blob = (await app.rest.git.getBlob({ ...where, file_sha: tree.find((t) => t.path === 'audit.jsonl')!.sha! })).data;
  return parseAuditJsonl(Buffer.from(blob.content, 'base64').toString('utf8'), 'audit.jsonl');
}

describe('appendAudit on branch migration-audit', () => {
  it('creates the branch, then appends; a redelivery with the same key appends nothing', async () => {
    const where = freshRepo();
    const first = await appendAudit(app, where, request(1), clock);
    expect(first.appended).toBe(true);
    expect(first.entry.seq).toBe(1);
    const second = await appendAudit(app, where, request(2), clock);
    expect(second.entry.seq).toBe(2);
    const again = await appendAudit(app, where, request(1), clock);
    expect(again).toEqual({ appended: false, entry: first.entry, commit: second.commit });
    const chain = await chainOf(where);
    expect(chain.entries.map((e) => [e.seq, e.refs.idempotency_key])).toEqual([[1, 'delivery-1'], [2, 'delivery-2']]);
    expect(verifyChain(chain.entries).ok).toBe(true);
    const commit = (await app.rest.git.getCommit({ ...where, commit_sha: second.commit })).data;
    expect(commit.parents.map((p) => p.sha)).toEqual([first.commit]);
  });

  it('lands concurrent appends in one chain, each once, by fast-forward only', async () => {
    const where = freshRepo();
    await appendAudit(app, where, request(0), clock);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => appendAudit(app, where, request(n), clock)));
    expect(results.every((r) => r.appended)).toBe(true);
    const chain = await chainOf(where);
    expect(verifyChain(chain.entries).ok).toBe(true);
    expect(chain.entries.map((e) => e.refs.idempotency_key).sort()).toEqual(['delivery-0', 'delivery-1', 'delivery-2', 'delivery-3', 'delivery-4', 'delivery-5']);
  });

  it('reports a branch that was rewritten and does not extend it', async () => {
    const where = freshRepo();
    const seen: SeenHeads = new Map();
    await appendAudit(app, where, request(1), clock, seen);
    await appendAudit(app, where, request(2), clock, seen);
    // Someone with push rights replaces the history with a chain of one entry, every hash recomputed.
    const lone = await appendAudit(app, freshRepo(), request(9), clock);
    const text = `${JSON.stringify(lone.entry)}\n`;
    const tree = (await app.rest.git.createTree({ ...where, tree: [{ path: 'audit.jsonl', mode: '100644', type: 'blob', content: text }] })).data;
    const commit = (await app.rest.git.createCommit({ ...where, message: 'rewrite\n', tree: tree.sha, parents: [] })).data;
    await app.rest.git.updateRef({ ...where, ref: `heads/${AUDIT_BRANCH}`, sha: commit.sha, force: true });

    const err = await appendAudit(app, where, request(3), clock, seen).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CopilotError);
    expect((err as CopilotError).code).toBe('AUDIT_CHAIN_BROKEN');
    expect((err as CopilotError).message).toMatch(/^branch migration-audit of acme\/mig-\d+ was rewritten: it held entry 2 \(hash [0-9a-f]{12}…\), but at [0-9a-f]{12} it ends at entry 1; the app stops appending$/);
    expect((await chainOf(where)).entries).toHaveLength(1);
  });

  it('with nothing seen (a fresh process), anchors on the audit head of the newest SignedPlan on the default branch', async () => {
    const where = freshRepo();
    await appendAudit(app, where, request(1), clock);
    const second = await appendAudit(app, where, request(2), clock);
    const carol = gh.people.as('carol');
    const signed = (version: number, head?: { seq: number; hash: string }) => `${JSON.stringify({ version, status: 'APPROVED', ...(head ? { audit_head: head } : {}) })}\n`;
    // v1 anchored nothing (signed before any entry); v2 anchors entry 2: the newest decides.
    await carol.push(`acme/${where.repo}`, 'main', { 'plans/signed/v1.json': signed(1), 'plans/signed/v2.json': signed(2, { seq: 2, hash: second.entry.hash }) }, 'Signed plans');
    // A chain that extends the anchor is appended to, by a process that saw nothing.
    expect((await appendAudit(app, where, request(3), clock)).entry.seq).toBe(3);
    expect((await auditHead(app, where))?.seq).toBe(3);

    const lone = await appendAudit(app, freshRepo(), request(9), clock);
    const tree = (await app.rest.git.createTree({ ...where, tree: [{ path: 'audit.jsonl', mode: '100644', type: 'blob', content: `${JSON.stringify(lone.entry)}\n` }] })).data;
    const commit = (await app.rest.git.createCommit({ ...where, message: 'rewrite\n', tree: tree.sha, parents: [] })).data;
    await app.rest.git.updateRef({ ...where, ref: `heads/${AUDIT_BRANCH}`, sha: commit.sha, force: true });
    const anchored = /^branch migration-audit of acme\/mig-\d+ at [0-9a-f]{12} does not extend the audit head signed plan v2 recorded \(entry 2, hash [0-9a-f]{12}…\): the chain ends at seq 1, before the anchored head seq 2: entries were dropped or the chain was replaced; the app stops appending$/;
    for (const attempt of [() => appendAudit(app, where, request(4), clock), () => auditHead(app, where)]) {
      const err = await attempt().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CopilotError);
      expect((err as CopilotError).code).toBe('AUDIT_CHAIN_BROKEN');
      expect((err as CopilotError).message).toMatch(anchored);
    }
    expect((await chainOf(where)).entries.map((e) => e.refs.idempotency_key)).toEqual(['delivery-9']);

    // Deleting the branch does not start a new chain either.
    await app.rest.git.deleteRef({ ...where, ref: `heads/${AUDIT_BRANCH}` });
    const gone = await appendAudit(app, where, request(5), clock).catch((e: unknown) => e);
    expect((gone as CopilotError).message).toContain('does not extend the audit head signed plan v2 recorded (entry 2, hash');
    expect((gone as CopilotError).message).toContain('the branch does not exist, yet the chain held entry 2');
    await expect(app.rest.git.getRef({ ...where, ref: `heads/${AUDIT_BRANCH}` })).rejects.toMatchObject({ status: 404 });
  });
});
