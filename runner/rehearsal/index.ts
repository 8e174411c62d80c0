// `execute --rehearse` end to end: the rehearsal (./run.ts), its lines on the terminal, and, inside a
// workflow (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL and a head SHA set), the check run
// migration/rehearsal on the pull request's head. A head without a plan has nothing to rehearse: neutral.
import { CopilotError } from '../../core/errors.js';
import { REPO_PATHS } from '../../core/repo/index.js';
import { githubFromEnv } from '../publish/github.js';
import { headShaFromEnv, rehearsalLines, rehearsalOutput, reportCheck, REHEARSAL_CHECK, type CheckOutput } from './report.js';
import { rehearse, type RehearseInput } from './run.js';

export { DEFAULT_SAMPLE } from './sample.js';

/** 0 when the rehearsal passed (or there was no plan), 1 when it failed. */
export async function rehearseAndReport(input: RehearseInput, out: (line: string) => void): Promise<0 | 1> {
  let output: CheckOutput;
  let code: 0 | 1;
  try {
    const result = await rehearse(input);
    for (const line of rehearsalLines(result)) out(line);
    output = rehearsalOutput(result);
    code = result.ok ? 0 : 1;
  } catch (e) {
    if (!(e instanceof CopilotError && e.code === 'FILE_NOT_FOUND' && e.message.startsWith(REPO_PATHS.plan))) throw e;
    out(`rehearsal: ${e.message}; nothing to rehearse`);
    output = { conclusion: 'neutral', title: 'No plan to rehearse', summary: `${REPO_PATHS.plan} is not in this pull request's head.` };
    code = 0;
  }
  const github = githubFromEnv(input.env);
  const head = headShaFromEnv(input.env);
  if (github && head) {
    const check = await reportCheck(github, head, output);
    out(`check run ${REHEARSAL_CHECK} on ${head.slice(0, 12)}: ${output.conclusion}${check.url ? ` (${check.url})` : ''}`);
  }
  return code;
}
