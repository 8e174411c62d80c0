// Repository secrets for workflow runs, like a repository's Actions secrets: set by people (the
// `setSecret` helper; GitHub's PUT needs a libsodium sealed box the simulator does not implement), listed by
// name only, and given to a run only through `${{ secrets.NAME }}`. Every value is masked as *** in the
// run's logs.
export interface SecretEntry {
  readonly name: string;
  readonly value: string;
  readonly createdAt: string;
  updatedAt: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class SecretStore {
  private readonly byRepo = new Map<number, Map<string, SecretEntry>>();

  set(repoId: number, name: string, value: string, now: string): SecretEntry {
    if (!NAME.test(name) || /^GITHUB_/i.test(name)) {
      throw new Error(`secret name ${JSON.stringify(name)}: letters, digits and _ only, not starting with a digit or GITHUB_`);
    }
    const repo = this.byRepo.get(repoId) ?? new Map<string, SecretEntry>();
    this.byRepo.set(repoId, repo);
    const key = name.toUpperCase();
    const existing = repo.get(key);
    const entry = { name: key, value, createdAt: existing?.createdAt ?? now, updatedAt: now };
    repo.set(key, entry);
    return entry;
  }

  delete(repoId: number, name: string): boolean {
    return this.byRepo.get(repoId)?.delete(name.toUpperCase()) ?? false;
  }

  list(repoId: number): SecretEntry[] {
    return [...(this.byRepo.get(repoId)?.values() ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** name -> value, for `${{ secrets.* }}`. */
  values(repoId: number): Record<string, string> {
    return Object.fromEntries(this.list(repoId).map((s) => [s.name, s.value]));
  }
}
