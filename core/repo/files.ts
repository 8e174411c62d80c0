// The port a MigrationContext reads a migration repository through: the CLI gives one over a
// directory, the runner one over a git tree at a commit, tests one over a few strings in memory. Text is
// UTF-8 or refused with the file and byte offset, so a digest of the bytes and the text judged always agree.
import { CopilotError } from '../errors.js';

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

/** The offset of the first byte that is not part of well-formed UTF-8 (RFC 3629), or -1 when all are. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) { i++; continue; }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; }
    else return i;
    if (i + need >= bytes.length) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** The text of a repository file's bytes; INPUT_INVALID naming the file and byte offset when not UTF-8. */
export function decodeRepoText(bytes: Uint8Array, path: string): string {
  const at = invalidUtf8Offset(bytes);
  if (at >= 0) {
    throw new CopilotError('INPUT_INVALID', `${path} is not valid UTF-8: byte ${at} (0x${bytes[at]!.toString(16).padStart(2, '0')}) starts no valid character`, {
      hint: 'save the file as UTF-8; every text artifact of a migration repository is UTF-8',
    });
  }
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}
