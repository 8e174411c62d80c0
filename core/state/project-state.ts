// project.json with its lifecycle state replaced: how a transition pull request (app/transitions) and the
// runner's evidence pull request (runner/publish) write the next state. 2-space JSON, as the project writes it.
import type { State } from './states.js';

export function withState(projectText: string, to: State): string {
  const project = JSON.parse(projectText) as Record<string, unknown>;
  project.state = to;
  return `${JSON.stringify(project, null, 2)}\n`;
}
