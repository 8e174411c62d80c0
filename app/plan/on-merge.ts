// What the app does when a person merges a pull request (pull_request closed with merged: true): for every
// signed plan version the merge brought onto the default branch, the annotated tag plan/v<N> on the merge
// commit, signed and pushed (app/plan/tag.ts), which starts the runner workflow; when the merge moved
// project.json's state, the state change recorded in the audit chain. A merge made by a bot is not a
// person's decision and gets neither. Everything is keyed (tag by name, audit by merge commit), so a
// redelivered merge does nothing twice. The app itself never merges: it has no call for it.
import { CopilotError } from '../../core/errors.js';
import { appendAudit, type SeenHeads } from '../audit/branch.js';
import { upsertMarkerComment } from '../github/marker.js';
import type { PullRequestClosedPayload, RepoJob } from '../job.js';
import { contextAt } from '../reconcile/tree-files.js';
import { stateChangeEntry } from '../transitions/record.js';
import { BOT, pushPlanTag, type TagResult } from './tag.js';

const SEEN: SeenHeads = new Map();

export async function onPullRequestMerged(job: RepoJob, payload: PullRequestClosedPayload): Promise<void> {
  const pr = payload.pull_request;
  const where = { owner: job.owner, repo: job.repo };
  if (!pr.merged || !pr.merge_commit_sha) return;
  const person = pr.merged_by;
  if (!person || person.type === 'Bot') {
    job.log.info({ pull: pr.number }, 'merged by a bot, not a person: no tag, no state change');
    return;
  }
  const defaultBranch = payload.repository.default_branch;
  if (pr.base.ref !== defaultBranch) {
    job.log.info({ pull: pr.number, base: pr.base.ref }, 'merged into a branch that is not the default branch: nothing to tag');
    return;
  }
  const merge = pr.merge_commit_sha;
  const parent = (await job.octokit.rest.git.getCommit({ ...where, commit_sha: merge })).data.parents[0]?.sha;
  const after = (await contextAt(job, merge)).context;
  const before = parent ? (await contextAt(job, parent)).context : undefined;
  const projectId = after.project?.value?.project_id;
  if (typeof projectId !== 'string') {
    job.log.info({ pull: pr.number }, 'not a migration repository (no valid project.json at the merge commit)');
    return;
  }
  const audit = (req: Parameters<typeof appendAudit>[2]) => appendAudit(job.octokit, where, req, () => new Date(), SEEN);

  const change = stateChangeEntry({
    before: before?.project?.value?.state, after: after.project?.value?.state, projectId, pull: pr.number, mergedBy: person.login, commit: merge,
  });
  if (change) await audit(change);

  const newVersions = after.signedVersions.filter((v) => !(before?.signedVersions ?? []).includes(v));
  const tagged: TagResult[] = [];
  for (const version of newVersions) {
    try {
      const result = await pushPlanTag(job, payload.repository.clone_url, defaultBranch, version, merge,
        `plan/v${version}: signed plan of ${job.owner}/${job.repo}#${pr.number}, merged by @${person.login}`);
      tagged.push(result);
      await audit({
        project_id: projectId, actor: BOT.name, action: 'plan.tagged', subject: result.tag, idempotencyKey: `tag:${result.tag}:${merge}`,
        reasoning: `#${pr.number} with signed plan v${version} merged by @${person.login}; ${result.tag} signed and pushed on the merge commit`,
        refs: { commit: merge, pull: String(pr.number), merged_by: person.login },
      });
    } catch (e) {
      const why = e instanceof CopilotError ? e.message : (e as Error).message;
      await upsertMarkerComment(job, pr.number, 'tag', `v${version}`, `⚠️ The app could not tag \`plan/v${version}\` on ${merge.slice(0, 12)}: ${why}`);
      throw e;
    }
  }
  if (tagged.length > 0) {
    await upsertMarkerComment(job, pr.number, 'tag', `v${tagged.map((t) => t.tag.slice('plan/v'.length)).join('-v')}`,
      tagged.map((t) => `🏷️ Tagged \`${t.tag}\` on the merge commit ${merge.slice(0, 12)} (annotated, SSH-signed by the app); the runner workflow starts from it.`).join('\n'));
  }
}
