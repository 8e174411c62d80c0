// Whether a login belongs to a role or owns a file: listed by name, or a member of a listed team.
// Team membership comes from the approvals record ("org/team" -> logins), read when the PR was judged.
import type { Owner } from '../codeowners/parse.js';
import { sameLogin } from './reviews.js';
import type { RoleMembers } from './types.js';

export type Teams = Readonly<Record<string, readonly string[] | undefined>>;

function teamMembers(teams: Teams, team: string): readonly string[] | undefined {
  const key = Object.keys(teams).find((k) => sameLogin(k, team));
  return key === undefined ? undefined : teams[key];
}

export function inTeam(teams: Teams, team: string, user: string): boolean {
  return (teamMembers(teams, team) ?? []).some((m) => sameLogin(m, user));
}

export function isRoleMember(role: RoleMembers | undefined, teams: Teams, user: string): boolean {
  if (!role) return false;
  return (role.users ?? []).some((u) => sameLogin(u, user)) || (role.teams ?? []).some((t) => inTeam(teams, t, user));
}

/** Email owners cannot be matched to logins from a review, so they never match. */
export function isOwner(owner: Owner, teams: Teams, user: string): boolean {
  if (owner.kind === 'user') return sameLogin(owner.name, user);
  if (owner.kind === 'team') return inTeam(teams, owner.name, user);
  return false;
}

/** Teams named by roles or owners that the record has no member list for. */
export function unknownTeams(names: readonly string[], teams: Teams): string[] {
  return [...new Set(names)].filter((t) => teamMembers(teams, t) === undefined).sort();
}
