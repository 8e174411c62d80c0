// /migrate init source=<engine> target=<engine> [scope=<pattern>,...]: on an issue of a repository that
// holds no migration project yet, the app picks the archetype for the two engines (policies/archetypes)
// and opens the project pull request with what `migration-copilot init` writes (app/proposals/init-files.ts):
// project.json (state CREATED), .migration/config.yml, CODEOWNERS, .gitignore and the workflow templates.
// Merging it is the CREATED state. Branch migration/init keys it: asking again finds the same pull request.
import { parseScope } from '../../core/dialects/catalog/scope.js';
import { REPO_PATHS } from '../../core/repo/paths.js';
import { appendAudit } from '../audit/branch.js';
import { ENGINES, newRepositoryFiles, projectIdOf, RAW_DIR, type Engine } from '../proposals/init-files.js';
import { openProposal } from '../proposals/pull.js';
import type { CommentCommand } from './command.js';

export const INIT_BRANCH = 'migration/init';
const ENGINE = ENGINES.join('|');
const SOURCE = 'source=ENGINE';
const TARGET = 'target=ENGINE';
const SCOPE = 'scope=PATTERN';

const migrateInit: CommentCommand = {
  name: 'migrate init', summary: 'in a repository without project.json: open the project pull request (project.json, config, CODEOWNERS, workflows) with the archetype for the two engines',
  args: [
    { name: SOURCE, pattern: new RegExp(`^source=(${ENGINE})$`), required: true, describe: `the source engine: source=${ENGINES.join('|')}` },
    { name: TARGET, pattern: new RegExp(`^target=(${ENGINE})$`), required: true, describe: `the target engine: target=${ENGINES.join('|')}` },
    { name: SCOPE, pattern: /^scope=[A-Za-z0-9_*.,-]+$/, required: false, describe: 'schema.table patterns, * matching any name, comma-separated (default: the archetype\'s)' },
  ],
  roles: 'writers', states: 'any', needsPull: false,
  async run(ctx, args) {
    const { base, job } = ctx;
    if (base.files.paths.includes(REPO_PATHS.project)) {
      const why = `${job.owner}/${job.repo} holds a migration project already (project.json on ${base.ref}${base.state ? `, state ${base.state}` : ''}); /migrate init starts a new one in a repository without it`;
      return { ok: false, body: why, reasoning: why };
    }
    const source = args[SOURCE]!.slice('source='.length) as Engine;
    const target = args[TARGET]!.slice('target='.length) as Engine;
    const scope = args[SCOPE] !== undefined ? parseScope(args[SCOPE].slice('scope='.length)) : undefined;
    const { project, archetype, files } = newRepositoryFiles({ source, target, id: projectIdOf(job.repo), who: '/migrate init', ...(scope ? { scope } : {}) });
    // A workflow the repository already has is left as it is (it may be the team's own version).
    const proposed = files.filter((f) => !f.path.startsWith('.github/') || !base.files.paths.includes(f.path));
    const body = [
      `A new migration project, as @${ctx.actor} asked with \`/migrate init\` in #${ctx.issueNumber}: **${source}** to **${target}** with the archetype \`${archetype.archetype_id}\` (${archetype.description}), scope ${project.scope.map((s) => `\`${s}\``).join(', ')}.`,
      '',
      ...proposed.map((f) => `- \`${f.path}\``),
      '',
      `Before merging: put the people of each role in \`${REPO_PATHS.config}\` and the teams in \`CODEOWNERS\`; store the source's connection URI as the Actions secret \`SOURCE_URL\` (and the target's as \`TARGET_URL\`). Merging it makes the project **CREATED**; then \`/discover\` reads the source (read-only, in this repository's Actions) into \`${RAW_DIR}/\` and opens the discovery pull request.`,
    ].join('\n');
    const result = await openProposal(job, base, {
      branch: INIT_BRANCH, title: `Migration project ${project.project_id}: ${source} to ${target}`, body, files: proposed.map((f) => ({ path: f.path, content: f.content })),
      message: `Migration project ${project.project_id} (${archetype.archetype_id})\n\nRequested by @${ctx.actor} with /migrate init in #${ctx.issueNumber}.\n`,
    });
    const refs = { pull: String(result.pull), branch: result.branch, archetype: archetype.archetype_id };
    // The base has no project yet, so the dispatcher has no project id to audit under: the proposal is
    // audited here, under the id it proposes (the chain the project keeps from then on).
    if (result.kind === 'opened' || result.kind === 'updated') {
      await appendAudit(job.octokit, { owner: job.owner, repo: job.repo }, {
        project_id: project.project_id, actor: ctx.actor, action: 'project.proposed', subject: `${job.owner}/${job.repo}#${result.pull}`,
        reasoning: `/migrate init ${source} to ${target}: archetype ${archetype.archetype_id}, scope ${project.scope.join(', ')}`, refs: { ...refs, commit: result.commit! },
        idempotencyKey: `init:${result.commit}`,
      }, ctx.now);
    }
    const what = result.kind === 'opened' ? 'Opened' : result.kind === 'updated' ? 'Updated' : 'The project pull request is already open and current:';
    return {
      ok: true, refs, reasoning: `${result.kind} #${result.pull}: ${source} to ${target} (${archetype.archetype_id})`,
      body: `${what} #${result.pull} with project \`${project.project_id}\` (${archetype.archetype_id}, scope ${project.scope.join(', ')}). Merging it makes the project CREATED.`,
    };
  },
};

export default migrateInit;
