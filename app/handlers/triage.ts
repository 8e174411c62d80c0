// Deliveries that need no work, known from their event and action alone: the created and completed echoes
// of the app's own check runs and the completed echo of its check suite (three deliveries for every check
// run it writes), and check_suite.requested, which comes with every push whose pull_request event already
// converges the pull request. The handlers refuse them with these reasons, and the webhook middleware
// answers them before Probot builds a context for them (an installation Octokit per delivery), so the
// echoes of a busy minute cost a JSON parse each, not a client (app/github/signed-deliveries.ts).

/** Per event, the actions that lead to work; an event not named here is judged by its handler. */
const WORK: Readonly<Record<string, readonly string[]>> = {
  check_run: ['rerequested'],
  check_suite: ['rerequested'],
};

const REASONS: Readonly<Record<string, string>> = {
  'check_suite.requested': 'check_suite.requested: the pull_request event of the same push converges its pull requests',
};

/** Why a delivery of `event` with `action` needs no work, or undefined when its handler must look at it. */
export function noWorkFor(event: string, action: string): string | undefined {
  const work = WORK[event];
  if (!work || work.includes(action)) return undefined;
  return REASONS[`${event}.${action}`] ?? `${event}.${action || '?'} needs no work`;
}
