// What the app does when a pull request is merged (tag plan/v<N>, record a transition). Placeholder until
// that lands: it only logs that the merge was not handled.
import type { PullRequestClosedPayload, RepoJob } from '../job.js';

export async function onPullRequestMerged(job: RepoJob, payload: PullRequestClosedPayload): Promise<void> {
  job.log.info({ pull: payload.pull_request.number }, 'merged pull request not handled');
}
