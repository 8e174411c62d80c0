// Paths named inside repository files (a plan's model, a manifest entry) must stay inside the repository:
// relative, "/"-separated, no "." or ".." segment, no empty segment, no backslash, no NUL. Symlinks are the
// RepoFiles port's concern (it resolves real paths); this is the textual rule every reader applies first.

/** Why `path` is not a safe repository-relative path, or undefined when it is. */
export function unsafeRepoPath(path: string): string | undefined {
  if (path === '') return 'is empty';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is absolute: paths in repository files are relative to the repository root';
  if (path.includes('\\')) return 'contains a backslash: use "/"';
  if (path.includes('\0')) return 'contains a NUL byte';
  const segments = path.split('/');
  if (segments.includes('..')) return 'contains "..": paths must stay inside the repository';
  if (segments.some((s) => s === '' || s === '.')) return 'has an empty or "." segment';
  return undefined;
}
