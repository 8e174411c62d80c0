// Whole-tree helpers on top of the object store: flatten a tree to path -> entry, build one back.
import { parseTree, readObject, serializeTree, writeObject, type TreeEntry } from './objects.js';

export interface FileEntry {
  readonly mode: string;
  readonly sha: string;
}

export function flattenTree(dir: string, treeSha: string, prefix = '', out = new Map<string, FileEntry>()): Map<string, FileEntry> {
  const obj = readObject(dir, treeSha);
  if (!obj || obj.type !== 'tree') return out;
  for (const e of parseTree(obj.content)) {
    const path = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.mode === '40000') flattenTree(dir, e.sha, path, out);
    else out.set(path, { mode: e.mode, sha: e.sha });
  }
  return out;
}

/** Writes the tree objects for a flat path -> entry map and returns the root tree's sha. */
export function buildTree(dir: string, files: Map<string, FileEntry>): string {
  interface Node { files: TreeEntry[]; dirs: Map<string, Node> }
  const root: Node = { files: [], dirs: new Map() };
  for (const [path, entry] of files) {
    const parts = path.split('/');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      let next = node.dirs.get(part);
      if (!next) {
        next = { files: [], dirs: new Map() };
        node.dirs.set(part, next);
      }
      node = next;
    }
    node.files.push({ mode: entry.mode, name: parts[parts.length - 1]!, sha: entry.sha });
  }
  const write = (node: Node): string => {
    const entries = [...node.files];
    for (const [name, child] of node.dirs) entries.push({ mode: '40000', name, sha: write(child) });
    return writeObject(dir, 'tree', serializeTree(entries));
  };
  return write(root);
}

/** The entry at `path` in a tree, walking only the directories on the way. */
export function entryAt(dir: string, treeSha: string, path: string): TreeEntry | undefined {
  const parts = path.split('/').filter(Boolean);
  let entry: TreeEntry = { mode: '40000', name: '', sha: treeSha };
  for (const part of parts) {
    const obj = readObject(dir, entry.sha);
    if (!obj || obj.type !== 'tree') return undefined;
    const next = parseTree(obj.content).find((e) => e.name === part);
    if (!next) return undefined;
    entry = next;
  }
  return entry;
}
