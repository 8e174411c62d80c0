// Where GitHub looks for CODEOWNERS: .github/, then the root, then docs/; the first file found is the
// only one used. Callers pass a reader bound to the pull request's base branch (the rules under review
// must never come from the branch being reviewed).

export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

/** Returns the file's text, or null when it does not exist. */
export type FileReader = (path: string) => Promise<string | null> | string | null;

export interface LocatedCodeowners {
  readonly path: (typeof CODEOWNERS_LOCATIONS)[number];
  readonly text: string;
}

export async function locateCodeowners(read: FileReader): Promise<LocatedCodeowners | null> {
  for (const path of CODEOWNERS_LOCATIONS) {
    const text = await read(path);
    if (text !== null) return { path, text };
  }
  return null;
}
