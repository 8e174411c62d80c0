// Secrets never reach output: every message that leaves a connection passes through a Redactor that
// knows the resolved values, and locations are shown without credentials.

export const REDACTED = '***';

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a resolved secret, and the parts of it (URL password) that may appear alone. */
  add(secret: string): void {
    if (secret.length >= 4) this.secrets.add(secret);
    this.addCredentials(secret);
  }

  /** Registers only the credentials inside a URL written literally (its password, key-like parameters). */
  addCredentials(url: string): void {
    try {
      const u = new URL(url);
      if (u.password) this.secrets.add(decodeURIComponent(u.password)).add(u.password);
      for (const [k, v] of u.searchParams) if (/pass|secret|token|key/i.test(k) && v) this.secrets.add(v);
    } catch {
      // not a URL: nothing inside it to register
    }
  }

  redact(text: string): string {
    let out = text;
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join(REDACTED);
    return out.replace(/(\w+:\/\/)([^@/\s]+)@/g, `$1${REDACTED}@`);
  }
}

/** A location safe to print: scheme, host, port and path of a URL; user, password and query dropped. */
export function safeLocation(uri: string): string {
  try {
    const u = new URL(uri);
    if (u.host) return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    // not a URL (duckdb:PATH, parquet:DIR): no credentials can be in it
  }
  return uri.split('?')[0]!;
}
