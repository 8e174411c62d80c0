// `migration-copilot propose`: runs every agent and the plan compiler over a migration repository and
// the raw catalog and profile `discover`/`profile` wrote, and writes the proposal into the repository
// (discovery reports and reasoning, contracts/, models/, plans/migration_plan.json, runbooks/), all
// files or none. Each agent's output is stored by sha256 in the artifact store first. The result is
// what `migration-copilot validate` judges; open manual decisions keep signing blocked. What the agents
// read is app/proposals/inputs.ts, the same as the app's /plan propose.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { propose } from '../../app/agents/pipeline.js';
import { CATALOG_FILE, PROFILE_FILE, RAW_DIR } from '../../app/proposals/init-files.js';
import { agentContext, nextPlanVersion } from '../../app/proposals/inputs.js';
import { CopilotError } from '../../core/errors.js';
import { memoryRepoFiles } from '../../core/repo/files.js';
import { openArtifactStore } from '../../runner/artifacts/open.js';
import { writeFilesAtomic } from '../../runner/discover/output.js';
import { parseFlags, requireFlag, type Command } from '../command.js';
import { directoryRepoFiles } from '../repo-files.js';

export { RAW_DIR };

const command: Command = {
  name: 'propose',
  summary: 'Run the agents and the plan compiler on a migration repository: mapping, models, plan, runbooks, decisions.',
  usage: '  migration-copilot propose --repo DIR [--raw DIR] [--artifacts URI] [--now ISO]\n' +
    `    --raw        where discover and profile wrote ${CATALOG_FILE} and ${PROFILE_FILE} (default DIR/${RAW_DIR})\n` +
    '    --artifacts  artifact store for the proposals (default: DIR/.migration/artifacts)\n' +
    '    --now        the time recorded in the proposals (default: now); the same inputs and --now give the same bytes',
  async run(args, io) {
    const { values } = parseFlags(this, args, { repo: { type: 'string' }, raw: { type: 'string' }, artifacts: { type: 'string' }, now: { type: 'string' } });
    const repoDir = resolve(io.cwd, requireFlag(this, values.repo, 'repo'));
    // --raw is a path like every other flag's, from the working directory; its default is inside the repository.
    const rawDir = values.raw !== undefined ? resolve(io.cwd, values.raw) : resolve(repoDir, RAW_DIR);
    const now = values.now ?? new Date().toISOString();
    if (Number.isNaN(Date.parse(now))) throw new CopilotError('USAGE', `propose: --now "${now}" is not an ISO date-time`, { hint: `usage:\n${this.usage}` });
    const repo = directoryRepoFiles(repoDir);
    // A missing raw folder reads as an empty one, so the error names the catalog and what writes it.
    const raw = existsSync(rawDir) ? directoryRepoFiles(rawDir) : memoryRepoFiles({});
    const context = agentContext(repo, { files: raw, label: rawDir }, now);
    const store = openArtifactStore(values.artifacts ?? `file:${join(repoDir, '.migration', 'artifacts')}`, { baseDir: repoDir, env: io.env });
    const result = await propose(context, store, { version: nextPlanVersion(repo) });
    await writeFilesAtomic(repoDir, result.files.map((f) => ({ path: f.path, content: f.content })));
    const open = result.decisions.filter((d) => d.status === 'open').length;
    for (const r of result.runs) io.stderr.write(`${r.proposal.agent.name}: ${r.proposal.summary} (${r.proposal.proposal_id})\n`);
    io.stderr.write(`propose: wrote ${result.files.length} files; ${result.decisions.length} manual decisions, ${open} open${open > 0 ? ': signing stays blocked until they are resolved' : ''}\n`);
    return 0;
  },
};

export default command;
