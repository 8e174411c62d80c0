// CREATED -> PLANNED through the app's own commands, people only:
// 1. carol comments `/migrate init source=<engine> target=duckdb scope=...` on the migration's issue; the app
//    opens the project pull request (project.json CREATED, config, CODEOWNERS, workflows). As its body asks,
//    carol fills the roles, the signers' public keys and the artifact store in .migration/config.yml and the
//    teams in CODEOWNERS, pushing to its branch (and leaves out migration-ci.yml: the app's check runs judge
//    every pull request here, and the demo keeps to its time); rita merges: CREATED.
// 2. alice comments `/discover`; the app starts the read-only discover workflow, which the simulator runs
//    with the SOURCE_URL secret; its push makes the app open the discovery pull request; reviewed, merged:
//    DISCOVERED.
// 3. alice comments `/plan propose`; the app's agents open the plan pull request (PLAN_DRAFTED) with the manual
//    decisions they could not take (personal data); dora, the data owner, resolves them on its branch; the
//    roles up to PLANNED -> EXECUTED review it; merged: PLAN_DRAFTED.
// 4. alice comments `/advance PLANNED`; the transition pull request is reviewed by the same roles and signed
//    with `/plan sign` on its head; rita merges it (PLANNED) and the app tags plan/v1.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { CopilotError } from '../../../core/errors.js';
import { CODE_OWNER, NAME, OWNER, PEOPLE, ROLE_USERS, type DemoContext } from '../context.js';
import { clone, gitAs } from '../git.js';
import { EXAMPLE } from '../repo-content.js';
import { commentAs } from './comment.js';
import { approve, mergeAs, pullOf, showChecks } from './people.js';

/** What the project migrates: schema main (customers with personal data, 120,000 orders); sales and crm stay in the source. */
export const SCOPE = 'main.*';
const SIGNING_REVIEWERS = [
  { user: ROLE_USERS.tech_lead!, as: 'tech_lead' }, { user: ROLE_USERS.data_owner!, as: 'data_owner' }, { user: ROLE_USERS.security!, as: 'security' },
];

/** The pull request number an app's reply names ("Opened #12 ..."), or the open pull request from `branch`. */
async function pullNamed(ctx: DemoContext, reply: string, branch?: string): Promise<number> {
  const named = /(?:Opened|Updated|open(?: and current)?:|proposed in) #(\d+)/.exec(reply)?.[1];
  if (named) return Number(named);
  if (branch) {
    const open = (await ctx.gh.people.as(PEOPLE.author).octokit.pulls.list({ owner: OWNER, repo: NAME, head: `${OWNER}:${branch}`, state: 'open' })).data[0];
    if (open) return open.number;
  }
  throw new CopilotError('VALIDATION_FAILED', 'the app opened no pull request; its answer above says why');
}

async function introduce(ctx: DemoContext, number: number): Promise<string> {
  const pr = await pullOf(ctx, number);
  const files = pr.files.length > 8 ? `${pr.files.slice(0, 8).join(', ')} and ${pr.files.length - 8} more` : pr.files.join(', ');
  ctx.out(`      ${pr.author} opened #${number} "${pr.title}": ${files}`);
  ctx.timeline.add(pr.author, `opened #${number} "${pr.title}"`);
  await showChecks(ctx, number, pr.head);
  return pr.head;
}

/** carol fills what the project pull request asks for, on its branch: roles, signers, the artifact store, CODEOWNERS. */
async function fillProject(ctx: DemoContext, branch: string, artifactStore: string, tagSigners: readonly string[]): Promise<void> {
  const carol = ctx.gh.people.as(PEOPLE.author);
  const dir = join(ctx.work, 'carol-init');
  await clone(ctx.cloneUrl, dir, carol.token, branch);
  const git = gitAs(dir, carol.token, { name: carol.login, email: `${carol.login}@users.playground.test` });
  const configPath = join(dir, '.migration/config.yml');
  const doc = parseDocument(await readFile(configPath, 'utf8'));
  const example = parseDocument(await readFile(join(EXAMPLE, '.migration/config.yml'), 'utf8'));
  doc.setIn(['roles'], example.get('roles'));
  doc.setIn(['signers', 'keys'], [{ id: 'demo-plan-key', algorithm: 'ed25519', public_key: ctx.keys.planPublicKeyPem }]);
  doc.setIn(['signers', 'tag_signers'], [...tagSigners]);
  doc.setIn(['artifact_store'], { kind: 'filesystem', path: artifactStore });
  await writeFile(configPath, doc.toString());
  await writeFile(join(dir, 'CODEOWNERS'), await readFile(join(EXAMPLE, 'CODEOWNERS'), 'utf8'));
  await rm(join(dir, '.github/workflows/migration-ci.yml'), { force: true });
  await git.add(['-A', '.migration/config.yml', 'CODEOWNERS', '.github']);
  await git.commit('Roles, signers, artifact store and code owners of acme');
  await git.push(['--quiet', 'origin', branch]);
  ctx.out(`      ${PEOPLE.author} pushed to ${branch}: roles and signers' public keys in .migration/config.yml, acme's CODEOWNERS (and no migration-ci.yml)`);
  ctx.timeline.add(PEOPLE.author, `pushed roles, signers and CODEOWNERS to ${branch}`);
}

export async function migrateInit(ctx: DemoContext, engine: string, artifactStore: string, tagSigners: readonly string[]): Promise<void> {
  const { reply } = await commentAs(ctx, PEOPLE.author, `/migrate init source=${engine} target=duckdb scope=${SCOPE}`, 2, ctx.issue!);
  const number = await pullNamed(ctx, reply, 'migration/init');
  await introduce(ctx, number);
  await fillProject(ctx, 'migration/init', artifactStore, tagSigners);
  await ctx.settle();
  await showChecks(ctx, number, (await pullOf(ctx, number)).head);
  await approve(ctx, number, [{ user: CODE_OWNER, as: 'code owner' }, { user: ROLE_USERS.security!, as: 'code owner of /.migration/' }], false);
  await mergeAs(ctx, PEOPLE.releaseManager, number, 'CREATED');
}

export async function discover(ctx: DemoContext): Promise<void> {
  const { done } = await commentAs(ctx, PEOPLE.techLead, '/discover', 2, ctx.issue!);
  if (!done) throw new CopilotError('VALIDATION_FAILED', '/discover was refused; the app\'s answer above says why');
  const open = (await ctx.gh.people.as(PEOPLE.author).octokit.pulls.list({ owner: OWNER, repo: NAME, state: 'open' })).data
    .filter((p) => p.user?.login !== PEOPLE.author && /discovery/i.test(p.title));
  if (open.length !== 1) throw new CopilotError('INTERNAL', `expected one discovery pull request after /discover, found ${open.length}; see app.log and the workflow's log above`);
  const number = open[0]!.number;
  await introduce(ctx, number);
  await approve(ctx, number, [{ user: CODE_OWNER, as: 'code owner' }, { user: ROLE_USERS.security!, as: 'code owner of /.migration/' }], false);
  await mergeAs(ctx, PEOPLE.releaseManager, number, 'DISCOVERED');
}

interface Decision {
  readonly id: string;
  readonly kind: string;
  readonly subject?: { readonly table?: string; readonly column?: string };
  readonly options?: readonly string[];
  status: string;
  resolution?: Record<string, string>;
}

/** dora resolves every open manual decision of the plan pull request on its branch, as the data owner would. */
async function resolveDecisions(ctx: DemoContext, number: number): Promise<void> {
  const dora = ctx.gh.people.as(PEOPLE.dataOwner);
  const branch = (await dora.octokit.pulls.get({ owner: OWNER, repo: NAME, pull_number: number })).data.head.ref;
  const dir = join(ctx.work, 'dora-plan');
  await clone(ctx.cloneUrl, dir, dora.token, branch);
  const git = gitAs(dir, dora.token, { name: dora.login, email: `${dora.login}@users.playground.test` });
  const path = 'contracts/manual_decisions_required.json';
  const doc = JSON.parse(await readFile(join(dir, path), 'utf8')) as { decisions: Decision[] };
  const open = doc.decisions.filter((d) => d.status === 'open');
  for (const d of open) {
    const choice = d.options?.find((o) => /unmasked|as is|keep/i.test(o)) ?? d.options?.[0] ?? 'accepted';
    d.status = 'resolved';
    d.resolution = {
      choice, decided_by: dora.login, decided_at: new Date().toISOString(),
      rationale: 'The target is the same team\'s internal copy under the same grants; the data owner accepts it as proposed.',
    };
    ctx.out(`      ${dora.login} resolves ${d.id} (${d.kind}${d.subject?.table ? ` on ${d.subject.table}${d.subject.column ? `.${d.subject.column}` : ''}` : ''}): ${choice}`);
  }
  if (open.length === 0) return;
  await writeFile(join(dir, path), `${JSON.stringify(doc, null, 2)}\n`);
  await git.add([path]);
  await git.commit(`Resolve ${open.length} manual decision(s) as the data owner`);
  await git.push(['--quiet', 'origin', branch]);
  ctx.timeline.add(dora.login, `resolved ${open.length} manual decision(s) on #${number}`);
  await ctx.settle();
  await showChecks(ctx, number, (await pullOf(ctx, number)).head);
}

export async function proposePlan(ctx: DemoContext): Promise<void> {
  const { reply, done } = await commentAs(ctx, PEOPLE.techLead, '/plan propose', 3, ctx.issue!);
  if (!done) throw new CopilotError('VALIDATION_FAILED', '/plan propose was refused; the app\'s answer above says why');
  const number = await pullNamed(ctx, reply);
  await introduce(ctx, number);
  await resolveDecisions(ctx, number);
  await approve(ctx, number, SIGNING_REVIEWERS);
  await mergeAs(ctx, PEOPLE.releaseManager, number, 'PLAN_DRAFTED');
}

/** `/advance PLANNED`, its reviews and `/plan sign` on it; ctx.pull is the pull request the merge step merges. */
export async function signPlan(ctx: DemoContext): Promise<void> {
  const { reply, done } = await commentAs(ctx, PEOPLE.techLead, '/advance PLANNED', 2, ctx.issue!);
  if (!done) throw new CopilotError('VALIDATION_FAILED', '/advance PLANNED was refused; the app\'s answer above says why');
  ctx.pull = await pullNamed(ctx, reply);
  await introduce(ctx, ctx.pull);
  await approve(ctx, ctx.pull, SIGNING_REVIEWERS);
  const signed = await commentAs(ctx, PEOPLE.signer, '/plan sign', 6);
  if (!signed.done) throw new CopilotError('PLAN_REFUSED', 'the app did not sign the plan; its answer above says why');
}
