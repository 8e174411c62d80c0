// What people do on any pull request, through the REST API with their own tokens: read the app's check runs,
// approve, merge with the merge button, and read project.json's state on main. Each act goes on the timeline.
import { CopilotError } from '../../../core/errors.js';
import { BOT, FULL_NAME, NAME, OWNER, PEOPLE, type DemoContext } from '../context.js';

/** The app's check runs on a commit, as "conclusion: name, name" groups. */
export async function checkRunsOn(ctx: DemoContext, sha: string): Promise<{ groups: string[]; byName: Map<string, string> }> {
  const runs = (await ctx.gh.people.as(PEOPLE.author).octokit.checks.listForRef({ owner: OWNER, repo: NAME, ref: sha, filter: 'latest', per_page: 100 })).data.check_runs
    .filter((r) => r.name.startsWith('migration/'));
  const byName = new Map(runs.map((r) => [r.name.replace(/^migration\//, ''), r.conclusion ?? r.status]));
  const groups = new Map<string, string[]>();
  for (const [name, conclusion] of byName) groups.set(conclusion, [...(groups.get(conclusion) ?? []), name]);
  return { groups: [...groups].map(([c, names]) => `${c}: ${names.join(', ')}`), byName };
}

export async function pullOf(ctx: DemoContext, pull: number): Promise<{ head: string; title: string; author: string; files: string[] }> {
  const octokit = ctx.gh.people.as(PEOPLE.author).octokit;
  const pr = (await octokit.pulls.get({ owner: OWNER, repo: NAME, pull_number: pull })).data;
  const files = (await octokit.pulls.listFiles({ owner: OWNER, repo: NAME, pull_number: pull, per_page: 100 })).data.map((f) => f.filename);
  return { head: pr.head.sha, title: pr.title, author: pr.user?.login ?? 'ghost', files };
}

/** Prints and records the app's check runs on the pull request's head; returns migration/approvals' conclusion. */
export async function showChecks(ctx: DemoContext, pull: number, head: string): Promise<string> {
  const { groups, byName } = await checkRunsOn(ctx, head);
  if (byName.size === 0) throw new CopilotError('INTERNAL', `the app posted no check run on #${pull} (${head.slice(0, 12)}); see app.log in the work folder`);
  ctx.out(`      the app's check runs on #${pull} @ ${head.slice(0, 7)}: ${groups.join('; ')}`);
  ctx.timeline.add(BOT, `checks on #${pull} @ ${head.slice(0, 7)}: ${groups.join('; ')}`);
  return byName.get('approvals') ?? 'missing';
}

/** Each reviewer approves the head (role or "code owner" said beside the name); then the app's migration/approvals is read back. */
/** required: migration/approvals must then be success (a pull request with no transition to judge may be skipped). */
export async function approve(ctx: DemoContext, pull: number, reviewers: readonly { user: string; as: string }[], required = true): Promise<void> {
  const { head } = await pullOf(ctx, pull);
  for (const r of reviewers) {
    await ctx.gh.people.as(r.user).review(FULL_NAME, pull, 'APPROVE');
    ctx.timeline.add(r.user, `approved #${pull} @ ${head.slice(0, 7)} as ${r.as}`);
  }
  ctx.out(`      ${reviewers.map((r) => `${r.user} (${r.as})`).join(', ')} approved #${pull} @ ${head.slice(0, 7)}`);
  await ctx.settle();
  const approvals = (await checkRunsOn(ctx, head)).byName.get('approvals') ?? 'missing';
  ctx.out(`      the app recomputed migration/approvals on ${head.slice(0, 7)}: ${approvals}`);
  ctx.timeline.add(BOT, `migration/approvals on #${pull} @ ${head.slice(0, 7)}: ${approvals}`);
  if (required && approvals !== 'success') throw new CopilotError('APPROVALS_MISSING', `migration/approvals on #${pull} is ${approvals} after ${reviewers.map((r) => r.user).join(', ')} approved; its summary says who is missing`);
}

/** project.json's state on a ref, as anyone with read access sees it. */
export async function stateOn(ctx: DemoContext, ref = 'main'): Promise<string> {
  const data = (await ctx.gh.people.as(PEOPLE.author).octokit.repos.getContent({ owner: OWNER, repo: NAME, path: 'project.json', ref })).data;
  if (Array.isArray(data) || !('content' in data)) throw new CopilotError('INTERNAL', `project.json on ${ref} is not a file`);
  return (JSON.parse(Buffer.from(data.content, 'base64').toString('utf8')) as { state?: string }).state ?? '(none)';
}

/** `login` merges the pull request with the merge button; the demo waits for the app and prints the state on main. */
export async function mergeAs(ctx: DemoContext, login: string, pull: number, expectState?: string): Promise<string> {
  const person = ctx.gh.people.as(login);
  const sha = await person.merge(FULL_NAME, pull);
  const v = (await person.octokit.git.getCommit({ owner: OWNER, repo: NAME, commit_sha: sha })).data.verification;
  ctx.out(`      ${login} merged #${pull} into main as ${sha.slice(0, 7)} (signed by GitHub: ${v?.reason ?? 'none'})`);
  await ctx.settle();
  const state = await stateOn(ctx);
  ctx.out(`      project.json on main: ${state}`);
  ctx.timeline.add(login, `merged #${pull} as ${sha.slice(0, 7)}; state ${state}`);
  if (expectState && state !== expectState) throw new CopilotError('VALIDATION_FAILED', `after #${pull} was merged project.json on main says ${state}, not ${expectState}`);
  return sha;
}
