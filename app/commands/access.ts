// Who may run a command and when, each answered with the precise reason when the answer is no: a pull
// request from a fork never (its author controls the branch the app would write to), a user without write
// access never (GitHub's collaborator permission: admin, maintain or write), a role-bound command only for
// members of those roles in the BASE branch's .migration/config.yml (users, or teams read from GitHub), and
// only in the lifecycle states it declares (project.json on the base branch).
import { isRoleMember } from '../../core/approvals/membership.js';
import type { RepoJob } from '../job.js';
import type { BaseRules, CommentCommand } from './command.js';

type Where = { owner: string; repo: string };
const WRITE = new Set(['admin', 'maintain', 'write']);

function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

/** undefined when the user may write to the repository; otherwise why not. */
export async function writeAccessRefusal(job: RepoJob, where: Where, user: string): Promise<string | undefined> {
  try {
    const { data } = await job.octokit.rest.repos.getCollaboratorPermissionLevel({ ...where, username: user });
    const level = (data as { role_name?: string }).role_name ?? data.permission;
    if (WRITE.has(level) || WRITE.has(data.permission)) return undefined;
    return `@${user} has ${level} access to ${where.owner}/${where.repo}; commands need write access`;
  } catch (e) {
    if (statusOf(e) === 404) return `@${user} is not a collaborator of ${where.owner}/${where.repo} (GitHub reports no permission); commands need write access`;
    throw e;
  }
}

/** undefined when the repository's state allows the command; otherwise which states it needs. */
export function stateRefusal(command: CommentCommand, base: BaseRules): string | undefined {
  if (command.states === 'any') return undefined;
  if (base.state === undefined) {
    return `/${command.name} needs a migration project: project.json on ${base.ref} is missing or invalid`;
  }
  if (command.states.includes(base.state)) return undefined;
  return `/${command.name} runs in state ${command.states.join(' or ')}; the project is in ${base.state} (project.json on ${base.ref})`;
}

/** undefined when `user` fills one of the command's roles in the base branch's config; otherwise why not. */
export async function roleRefusal(job: RepoJob, command: CommentCommand, base: BaseRules, user: string): Promise<string | undefined> {
  if (command.roles === 'writers') return undefined;
  const roles = base.repo.config?.value?.roles ?? {};
  const wanted = command.roles.filter((r) => roles[r] !== undefined);
  const teamNames = [...new Set(wanted.flatMap((r) => roles[r]?.teams ?? []))];
  const teams: Record<string, string[]> = {};
  for (const team of teamNames) {
    const [org, slug] = team.split('/') as [string, string];
    try {
      const members = await job.octokit.paginate(job.octokit.rest.teams.listMembersInOrg, { org, team_slug: slug, per_page: 100 });
      teams[team] = members.map((m) => m.login);
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
      teams[team] = [];
    }
  }
  if (wanted.some((r) => isRoleMember(roles[r], teams, user))) return undefined;
  return `/${command.name} is for ${command.roles.join(' or ')} (roles in .migration/config.yml on ${base.ref}); @${user} holds none of them`;
}
