// The port a MigrationContext reads a migration repository through: the CLI gives one over a
// directory, the app one over a git tree at a commit, tests one over a few strings in memory.

export interface RepoFiles {
  /** The UTF-8 text of a repository-relative path ("plans/migration_plan.json"), or undefined if absent. */
  read(path: string): string | undefined;
  /** Every file path under a prefix ("discovery/"), recursively, sorted, with "/" separators. */
  list(prefix: string): string[];
}

/** RepoFiles over a path -> text map: for tests and for trees already fetched. */
export function memoryRepoFiles(files: Readonly<Record<string, string>>): RepoFiles {
  const paths = Object.keys(files).sort();
  return {
    read: (path) => (Object.hasOwn(files, path) ? files[path] : undefined),
    list: (prefix) => paths.filter((p) => p.startsWith(prefix)),
  };
}
