// The base branch's rules for a command: the pull request's base (or the default branch for a comment on an
// issue), resolved to one commit and read whole from there, so every rule comes from one snapshot and none
// from the branch under review.
import { isState } from '../../core/state/index.js';
import type { RepoJob } from '../job.js';
import { contextAt } from '../reconcile/tree-files.js';
import type { BaseRules } from './command.js';

export async function baseRules(job: RepoJob, ref: string): Promise<BaseRules> {
  const where = { owner: job.owner, repo: job.repo };
  const sha = (await job.port.rest.git.getRef({ ...where, ref: `heads/${ref}` })).data.object.sha;
  const { snapshot: files, context: repo } = await contextAt(job, sha);
  const project = repo.project?.value;
  return {
    ref, sha, files, repo,
    state: isState(project?.state) ? project.state : undefined,
    projectId: typeof project?.project_id === 'string' ? project.project_id : undefined,
  };
}
