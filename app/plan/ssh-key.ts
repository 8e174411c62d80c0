// Whether an SSH private key file can sign without a passphrase. git hands the tag key to ssh-keygen, which
// asks for the passphrase of an encrypted key on the terminal; the app has none, so an encrypted key is refused
// before git runs, with the file named, instead of leaving a child process waiting for an answer.
/** The PEM armour label of an OpenSSH private key; the body between its BEGIN and END lines is base64. */
const OPENSSH_LABEL = 'OPENSSH PRIVATE KEY';
const OPENSSH = new RegExp(`-----BEGIN ${OPENSSH_LABEL}-----([\\s\\S]*?)-----END ${OPENSSH_LABEL}-----`);
const MAGIC = 'openssh-key-v1\0';

/** Why the key cannot sign unattended (encrypted, or not a private key), or undefined when it can. */
export function unattendedKeyProblem(text: string): string | undefined {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) && /Proc-Type:\s*4,ENCRYPTED|BEGIN ENCRYPTED PRIVATE KEY/.test(text)) {
    return 'is encrypted with a passphrase';
  }
  const m = OPENSSH.exec(text);
  if (!m) return /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) ? undefined : 'is not a private key';
  const bytes = Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
  if (bytes.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) return 'is not an OpenSSH private key';
  const len = bytes.readUInt32BE(MAGIC.length);
  const cipher = bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + len).toString('latin1');
  return cipher === 'none' ? undefined : `is encrypted with a passphrase (${cipher})`;
}
