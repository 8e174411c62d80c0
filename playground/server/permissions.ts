// Which permission of a GitHub App each REST operation needs, from GitHub's "Permissions required for
// GitHub Apps" pages: reads need read, writes need write. Where GitHub accepts either of two permissions
// (comments and reactions on a pull request's conversation: issues or pull_requests) both are listed.
// Operations that an installation token cannot call at all (the app's own JWT endpoints, the
// authenticated user) are not listed: they are refused by their handlers.
import type { PermissionLevel } from '../state/manifest.js';

export interface Need {
  readonly name: string;
  readonly level: PermissionLevel;
}

const CONTENTS = new Set([
  'repos/get-content', 'repos/create-or-update-file-contents', 'repos/delete-file', 'repos/list-commits', 'repos/get-commit',
  'repos/compare-commits-with-basehead', 'repos/list-branches', 'repos/get-branch', 'repos/list-tags', 'repos/codeowners-errors',
  'repos/merge-upstream',
]);
const STATUSES = new Set(['repos/create-commit-status', 'repos/list-commit-statuses-for-ref', 'repos/get-combined-status-for-ref']);
const METADATA = new Set(['repos/get', 'repos/get-collaborator-permission-level', 'repos/list-collaborators', 'repos/check-collaborator',
  'repos/list-forks', 'rate-limit/get']);
const ADMINISTRATION = new Set(['repos/get-branch-protection', 'repos/update-branch-protection', 'repos/delete-branch-protection',
  'repos/add-collaborator', 'repos/create-fork']);

function level(method: string): PermissionLevel {
  return method === 'GET' ? 'read' : 'write';
}

/** What an installation token needs for the operation: any one of the returned permissions; [] when nothing is needed. */
export function requiredPermissions(operationId: string, method: string): Need[] {
  const lv = level(method);
  const [category] = operationId.split('/');
  if (CONTENTS.has(operationId) || category === 'git') return [{ name: 'contents', level: lv }];
  if (STATUSES.has(operationId)) return [{ name: 'statuses', level: lv }];
  if (METADATA.has(operationId)) return [{ name: 'metadata', level: 'read' }];
  if (ADMINISTRATION.has(operationId)) return [{ name: 'administration', level: lv }];
  switch (category) {
    case 'checks': return [{ name: 'checks', level: lv }];
    case 'pulls': return [{ name: 'pull_requests', level: lv }];
    case 'issues': case 'reactions': return [{ name: 'issues', level: lv }, { name: 'pull_requests', level: lv }];
    case 'orgs': case 'teams': return [{ name: 'members', level: 'read' }];
    case 'actions': return [{ name: 'actions', level: lv }];
    default: return [];
  }
}
