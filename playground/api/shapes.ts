// GitHub's object shapes for accounts, repositories and installations, built from the store. Each
// builder returns exactly the fields GitHub's descriptions require, so one object serves both the REST
// API and webhooks (whose schemas forbid extra fields).
import { sourceOf } from '../state/forks.js';
import type { Sim } from '../sim.js';
import type { Account, Installation, Repo } from '../state/types.js';

export function nodeId(kind: string, id: number | string): string {
  return Buffer.from(`${kind}:${id}`).toString('base64');
}

export function userShape(sim: Sim, login: string): Record<string, unknown> {
  const account: Account | undefined = sim.store.account(login);
  const id = account?.id ?? 0;
  const name = account?.login ?? login;
  const api = `${sim.url}/users/${encodeURIComponent(name)}`;
  return {
    login: name,
    id,
    node_id: nodeId(account?.type ?? 'User', id),
    avatar_url: `${sim.url}/avatars/${encodeURIComponent(name)}`,
    gravatar_id: '',
    url: api,
    html_url: account?.type === 'Bot' ? `${sim.webUrl}/apps/${encodeURIComponent(name.replace(/\[bot\]$/, ''))}` : `${sim.webUrl}/${name}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: account?.type ?? 'User',
    site_admin: false,
  };
}

/** The repository as webhooks carry it (and the base of the REST shapes). */
export function repoShape(sim: Sim, repo: Repo): Record<string, unknown> {
  const full = `${repo.owner}/${repo.name}`;
  const api = `${sim.url}/repos/${full}`;
  const html = `${sim.webUrl}/${full}`;
  const open = [...sim.store.issues.values()].filter((i) => i.repoId === repo.id && i.state === 'open').length;
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: full,
    private: repo.private,
    owner: userShape(sim, repo.owner),
    html_url: html,
    description: repo.description,
    fork: repo.forkOf !== undefined,
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    pushed_at: repo.pushedAt,
    git_url: `${html}.git`,
    ssh_url: `${html}.git`,
    clone_url: `${html}.git`,
    svn_url: html,
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: true,
    has_projects: false,
    has_downloads: true,
    has_wiki: false,
    has_pages: false,
    forks_count: 0,
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: open,
    license: null,
    forks: 0,
    open_issues: open,
    watchers: 0,
    default_branch: repo.defaultBranch,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    visibility: repo.private ? 'private' : 'public',
    custom_properties: {},
  };
}

/** GET /repos/{owner}/{repo}: the full repository. */
export function fullRepoShape(sim: Sim, repo: Repo): Record<string, unknown> {
  const full = { ...repoShape(sim, repo), has_discussions: false, network_count: 0, subscribers_count: 0 };
  const parent = repo.forkOf === undefined ? undefined : sim.store.repos.get(repo.forkOf);
  if (!parent) return full;
  // A fork names its parent and the root of its network, as GitHub's full repository does.
  return { ...full, parent: repoShape(sim, parent), source: repoShape(sim, sourceOf(sim, parent)) };
}

/** `webhook`: the webhook form; the REST form's account also carries name, slug and timestamps. */
export function installationShape(sim: Sim, inst: Installation, webhook = false): Record<string, unknown> {
  const account = sim.store.account(inst.account);
  const user = userShape(sim, inst.account);
  return {
    id: inst.id,
    account: webhook ? user : {
      ...user, name: account?.name ?? inst.account, slug: inst.account.toLowerCase(),
      created_at: account?.createdAt ?? inst.createdAt, updated_at: account?.createdAt ?? inst.createdAt,
    },
    repository_selection: inst.repoIds === null ? 'all' : 'selected',
    access_tokens_url: `${sim.url}/app/installations/${inst.id}/access_tokens`,
    repositories_url: `${sim.url}/installation/repositories`,
    html_url: `${sim.webUrl}/settings/installations/${inst.id}`,
    app_id: sim.app.id,
    app_slug: sim.app.slug,
    target_id: account?.id ?? 0,
    target_type: account?.type === 'Organization' ? 'Organization' : 'User',
    permissions: { ...inst.permissions },
    events: [...inst.events],
    created_at: inst.createdAt,
    updated_at: inst.createdAt,
    single_file_name: null,
    suspended_by: null,
    suspended_at: null,
  };
}

export function appShape(sim: Sim): Record<string, unknown> {
  return {
    id: sim.app.id,
    slug: sim.app.slug,
    node_id: nodeId('Integration', sim.app.id),
    owner: userShape(sim, sim.app.owner),
    name: sim.app.name,
    description: 'migration-copilot (playground registration)',
    external_url: sim.url,
    html_url: `${sim.webUrl}/apps/${sim.app.slug}`,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    permissions: { ...sim.app.registration.permissions },
    events: [...sim.app.registration.events],
  };
}
