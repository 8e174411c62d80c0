// The port a MigrationContext reads a migration repository through: the CLI gives one over a
// directory, the runner one over a git tree at a commit, tests one over a few strings in memory.

export interface RepoFiles {
  /** The UTF-8 text of a repository-relative path ("plans/migration_plan.json"), or undefined if absent. */
  read(path: string): string | undefined;
  /** Every file path under a prefix ("discovery/"), recursively, sorted, with "/" separators. */
  list(prefix: string): string[];
  /**
   * The exact bytes of a path, or undefined if absent. Optional: a port over text alone leaves it out.
   * Digests (plan_sha256) are taken over these, since text decoded from invalid UTF-8 loses bytes.
   */
  readBytes?(path: string): Uint8Array | undefined;
}

/** RepoFiles over a path -> text map: for tests and for trees already fetched. */
export function memoryRepoFiles(files: Readonly<Record<string, string>>): RepoFiles {
  const paths = Object.keys(files).sort();
  return {
    read: (path) => (Object.hasOwn(files, path) ? files[path] : undefined),
    list: (prefix) => paths.filter((p) => p.startsWith(prefix)),
  };
}

/** The exact bytes of a file: the port's readBytes, else the UTF-8 encoding of its text. */
export function fileBytes(files: RepoFiles, path: string): Uint8Array | undefined {
  if (files.readBytes) return files.readBytes(path);
  const text = files.read(path);
  return text === undefined ? undefined : new TextEncoder().encode(text);
}
