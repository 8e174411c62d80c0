// The demo's two fresh keys, made in the work folder (mode 600) and never printed: the Ed25519 key that
// signs SignedPlan bundles (its public half goes into signers.keys) and the SSH key the app signs plan
// tags with (its public half goes into signers.tag_signers, beside GitHub's web-flow key). ssh-keygen gets
// no standard input: on a file that exists it would ask "Overwrite (y/n)?" and wait forever.
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** ssh-keygen with no standard input; its error output is the error's message. */
function sshKeygen(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh-keygen', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ssh-keygen exited ${code}: ${err.trim()}`))));
  });
}

export interface DemoKeys {
  readonly planKeyFile: string;
  readonly planPublicKeyPem: string;
  readonly tagKeyFile: string;
  /** "ssh-ed25519 AAAA... comment" */
  readonly tagPublicKey: string;
}

export async function makeKeys(work: string): Promise<DemoKeys> {
  const dir = join(work, 'keys');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const planKeyFile = join(dir, 'plan-signing.pem');
  await writeFile(planKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const tagKeyFile = join(dir, 'tag-signing');
  await sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-C', 'migration-copilot-tags', '-f', tagKeyFile]);
  return {
    planKeyFile,
    planPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    tagKeyFile,
    tagPublicKey: (await readFile(`${tagKeyFile}.pub`, 'utf8')).trim(),
  };
}
