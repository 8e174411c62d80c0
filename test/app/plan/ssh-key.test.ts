// The tag key must sign without a passphrase: keys made by the real ssh-keygen, with and without one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unattendedKeyProblem } from '../../../app/plan/ssh-key.js';

const dir = mkdtempSync(join(tmpdir(), 'ssh-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh key from the real ssh-keygen: OpenSSH's own format, or the legacy PEM one (`-m PEM`, RSA). */
function key(name: string, passphrase: string, format: 'openssh' | 'pem' = 'openssh'): string {
  const file = join(dir, name);
  const kind = format === 'pem' ? ['-t', 'rsa', '-b', '2048', '-m', 'PEM'] : ['-t', 'ed25519'];
  execFileSync('ssh-keygen', ['-q', ...kind, '-N', passphrase, '-C', name, '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  return readFileSync(file, 'utf8');
}

describe('unattendedKeyProblem', () => {
  it('accepts an OpenSSH key without a passphrase', () => {
    expect(unattendedKeyProblem(key('plain', ''))).toBeUndefined();
  });
  it('refuses an OpenSSH key encrypted with a passphrase, naming the cipher', () => {
    expect(unattendedKeyProblem(key('locked', 'correct horse'))).toMatch(/^is encrypted with a passphrase \(aes256-ctr\)$/);
  });
  it('refuses a file that is not a private key, and an encrypted PEM key', () => {
    expect(unattendedKeyProblem('ssh-ed25519 AAAA... a public key')).toBe('is not a private key');
    const pem = key('locked-pem', 'correct horse', 'pem');
    expect(pem).toMatch(/Proc-Type: 4,ENCRYPTED/);
    expect(unattendedKeyProblem(pem)).toBe('is encrypted with a passphrase');
    expect(unattendedKeyProblem(key('plain-pem', '', 'pem'))).toBeUndefined();
  });
});
