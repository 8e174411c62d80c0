// Creates bare repositories without spawning git. The config keeps every object loose (pushes are
// unpacked, no automatic gc), so playground/git/objects.ts can read everything a client pushed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CONFIG = `[core]
\trepositoryformatversion = 0
\tfilemode = true
\tbare = true
[receive]
\tunpackLimit = 2147483647
\tautogc = false
[transfer]
\tunpackLimit = 2147483647
[gc]
\tauto = 0
[http]
\treceivepack = true
\tuploadpack = true
[uploadpack]
\tallowReachableSHA1InWant = true
`;

export function initBare(dir: string, defaultBranch: string): void {
  for (const sub of ['objects/info', 'objects/pack', 'refs/heads', 'refs/tags', 'info', 'hooks']) {
    mkdirSync(join(dir, sub), { recursive: true });
  }
  writeFileSync(join(dir, 'HEAD'), `ref: refs/heads/${defaultBranch}\n`);
  writeFileSync(join(dir, 'config'), CONFIG);
  writeFileSync(join(dir, 'description'), 'playground repository\n');
}

export function setHead(dir: string, branch: string): void {
  writeFileSync(join(dir, 'HEAD'), `ref: refs/heads/${branch}\n`);
}
