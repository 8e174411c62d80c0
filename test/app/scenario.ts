// A scenario of people only (push, open, review, dismiss, comment, push to main) on the simulator, and the
// end state it leaves: check runs per pull request commit, the app's comments and reviews, branches and
// tags. `normalise` replaces commit shas by their position, so runs on two simulators can be compared.
import type { Playground } from '../../playground/index.js';
import { MAPPING, PLAN, type AppWorld } from './world.js';

export async function runScenario(w: AppWorld, pause: () => Promise<void> = async () => {}): Promise<void> {
  const { gh, full } = w;
  const carol = gh.people.as('carol');
  await carol.push(full, 'plan-v1', { [PLAN]: w.plan }, 'Add the plan');
  const n = await carol.openPull(full, { head: 'plan-v1', title: 'Plan v1' });
  await pause();
  await gh.people.as('alice').review(full, n, 'APPROVE');
  const dora = await gh.people.as('dora').review(full, n, 'APPROVE');
  await pause();
  // A change the rulebook refuses (a cast it requires is missing), then its fix.
  const wide = w.main[MAPPING]!.replace('target_type: "DECIMAL(12,2)"', 'target_type: "DECIMAL(18,4)"');
  await carol.push(full, 'plan-v1', { [MAPPING]: wide }, 'Widen amount');
  await pause();
  await gh.people.as('sam').review(full, n, 'APPROVE');
  await gh.people.as('alice').dismissReview(full, n, dora, 'stale after the push');
  await carol.comment(full, n, '/plan status');
  await pause();
  await carol.push(full, 'plan-v1', { [MAPPING]: w.main[MAPPING]! }, 'Back to DECIMAL(12,2)');
  await gh.people.as('alice').review(full, n, 'APPROVE');
  await gh.people.as('dora').review(full, n, 'APPROVE');
  await gh.people.as('rita').push(full, 'main', { 'README.md': '# orders migration\n' }, 'Readme');
}

export interface EndState {
  readonly checkRuns: readonly string[];
  readonly comments: readonly string[];
  readonly reviews: readonly string[];
  readonly refs: readonly string[];
  /** sha -> "branch: commit message" (not part of the comparison: normalise uses it). */
  readonly labels?: Readonly<Record<string, string>>;
}

export async function endState(gh: Playground, full: string): Promise<EndState> {
  const [owner, repo] = full.split('/') as [string, string];
  const ok = gh.people.as('rita').octokit;
  const pulls = (await ok.pulls.list({ owner, repo, state: 'all', per_page: 100 })).data;
  const checkRuns: string[] = [];
  const comments: string[] = [];
  const reviews: string[] = [];
  for (const pr of pulls) {
    const commits = (await ok.pulls.listCommits({ owner, repo, pull_number: pr.number, per_page: 100 })).data;
    for (const c of commits) {
      const runs = (await ok.checks.listForRef({ owner, repo, ref: c.sha, per_page: 100 })).data.check_runs;
      for (const r of runs) {
        const annotations = (await ok.checks.listAnnotations({ owner, repo, check_run_id: r.id, per_page: 100 })).data;
        checkRuns.push(JSON.stringify([pr.number, c.sha, r.name, r.status, r.conclusion, r.output.title, r.output.summary,
          annotations.map((a) => `${a.path}:${a.start_line}:${a.annotation_level}:${a.message}`)]));
      }
    }
    for (const cm of (await ok.issues.listComments({ owner, repo, issue_number: pr.number, per_page: 100 })).data) {
      if (cm.user?.type === 'Bot') comments.push(JSON.stringify([pr.number, cm.body]));
    }
    for (const rv of (await ok.pulls.listReviews({ owner, repo, pull_number: pr.number, per_page: 100 })).data) {
      if (rv.user?.login.endsWith('[bot]')) reviews.push(JSON.stringify([pr.number, rv.commit_id, rv.state, rv.body]));
    }
  }
  const refs = [
    ...(await ok.git.listMatchingRefs({ owner, repo, ref: 'heads/' })).data,
    ...(await ok.git.listMatchingRefs({ owner, repo, ref: 'tags/' })).data,
  ];
  const labels: Record<string, string> = {};
  for (const ref of refs.filter((r) => r.ref.startsWith('refs/heads/'))) {
    const branch = ref.ref.slice('refs/heads/'.length);
    for (const c of (await ok.repos.listCommits({ owner, repo, sha: ref.object.sha, per_page: 100 })).data) {
      labels[c.sha] ??= `${branch}: ${c.commit.message.split('\n')[0]}`;
    }
  }
  return {
    checkRuns: checkRuns.sort(), comments: comments.sort(), reviews: reviews.sort(), refs: refs.map((r) => `${r.ref} ${r.object.sha}`).sort(), labels,
  };
}

/**
 * For comparing two simulators: commit shas (whole, or the 7 to 12 first characters people read) replaced by
 * their branch and message, and the simulator's numeric ids (reviews, comments) by "<id>".
 */
export function normalise(state: EndState): EndState {
  const { labels = {}, ...rest } = state;
  let text = JSON.stringify(rest);
  for (const [sha, label] of Object.entries(labels)) {
    text = text.replace(new RegExp(`\\b${sha.slice(0, 7)}[0-9a-f]{0,33}\\b`, 'g'), `<${label.replace(/"/g, "'")}>`);
  }
  text = text.replace(/\b\d{4,}\b/g, '<id>');
  const out = JSON.parse(text) as { [K in keyof EndState]-?: string[] };
  return { checkRuns: out.checkRuns.sort(), comments: out.comments.sort(), reviews: out.reviews.sort(), refs: out.refs.sort() };
}
