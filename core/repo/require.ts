// For callers that cannot go on without a file (sign, verify, the runner's gate): an artifact's value,
// or an input error listing every finding with its line and pointer. Validators never call this: for
// them a bad file is a finding, not an error.
import { CopilotError } from '../errors.js';
import { parsePolicy } from '../policy/load.js';
import type { DeepReadonly } from '../schema/readonly.js';
import type { Artifact } from './context.js';

/**
 * The validated value of an artifact; SCHEMA_INVALID listing each finding otherwise (POLICY_INVALID for
 * the policy). `label` names the file in the message, e.g. with the commit it was read at.
 */
export function artifactValue<T>(artifact: Artifact<T>, label: string = artifact.path): DeepReadonly<T> {
  if (artifact.value !== undefined) return artifact.value;
  // A policy is refused in the words of the policy loader, the same as everywhere else a policy is read.
  if (artifact.schema === 'policy') parsePolicy(artifact.text, label);
  const lines = artifact.findings.map((f) => `${f.path}:${f.line} ${f.pointer || '/'}: ${f.message}`);
  throw new CopilotError('SCHEMA_INVALID', `${label} is not valid:\n  ${lines.join('\n  ')}`, {
    hint: 'fix the file and run the command again',
  });
}
