// Where the app keeps what agents produce (the orchestrator stores every proposal, reasoning and file by
// sha256 before a pull request is opened): the artifact store of MIGRATION_COPILOT_ARTIFACT_STORE (file:,
// s3:// or gs://, write-once: the same bytes again are a no-op, other bytes under a name are refused), under
// `owner/repo/`. The same store the evidence pack goes to (runner/artifacts, the one part of runner/ the app uses).
import { openArtifactStore } from '../../runner/artifacts/open.js';
import type { ArtifactSink } from '../agents/sink.js';

export function proposalSink(store: string, owner: string, repo: string): ArtifactSink {
  const opened = openArtifactStore(store);
  return { put: (name, bytes) => opened.put(`${owner}/${repo}/${name}`, bytes) };
}
