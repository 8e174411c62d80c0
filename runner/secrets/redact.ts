// Secrets never reach output: every message that leaves a connection passes through a Redactor that
// knows the resolved values, and locations are shown without credentials. The rules hold whatever parses:
// a connection string Node's URL parser refuses (a "/", "#" or "?" in the password, a mistyped scheme) is
// still stripped of every `user:password@` and every `password=` before anything prints it.

export const REDACTED = '***';

/** scheme:, scheme:/ or scheme:// followed by userinfo up to the last "@" of the token. */
const USERINFO = /([a-z][a-z0-9+.-]*:\/{0,2})[^\s'"<>@]*(?:@[^\s'"<>@/]*)*@(?=[^\s'"<>@]*$|[^\s'"<>@]*[\s'"<>])/gi;
/** key=value credentials, as in libpq keyword strings and URL query parameters. */
const KEY_VALUE = /\b(password|passwd|pwd|secret|token|api_?key|access_?key|secret_?key)=([^&\s;'"]+)/gi;

/** The userinfo of a connection string, found without a URL parser; undefined when there is none. */
function userinfoOf(text: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/{0,2}([^\s]*)@[^@\s]*$/i.exec(text.trim());
  return m?.[1] || undefined;
}

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export class Redactor {
  private readonly secrets = new Set<string>();

  private keep(s: string | undefined): void {
    if (s && s.length >= 3) this.secrets.add(s);
  }

  /** Registers a resolved secret, and the parts of it (URL password) that may appear alone. */
  add(secret: string): void {
    if (secret.length >= 4) this.secrets.add(secret);
    this.addCredentials(secret);
  }

  /** Registers only the credentials inside a connection string written literally (its password, key-like parameters). */
  addCredentials(url: string): void {
    const info = userinfoOf(url);
    if (info !== undefined) {
      const colon = info.indexOf(':');
      if (colon >= 0) {
        const password = info.slice(colon + 1);
        this.keep(password);
        this.keep(decoded(password));
      }
    }
    for (const m of url.matchAll(KEY_VALUE)) {
      this.keep(m[2]);
      this.keep(decoded(m[2]!));
    }
  }

  redact(text: string): string {
    let out = text;
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join(REDACTED);
    return redactShapes(out);
  }
}

/** Strips every `user:password@` and every `password=value` from a text, with no secret known in advance. */
export function redactShapes(text: string): string {
  return text.replace(USERINFO, `$1${REDACTED}@`).replace(KEY_VALUE, `$1=${REDACTED}`);
}

/** A location safe to print: scheme, host, port and path of a URL; user, password and query dropped. */
export function safeLocation(uri: string): string {
  // Credentials go first, by shape: a URL parser may read a password as a port or a fragment.
  const info = userinfoOf(uri);
  const bare = info === undefined ? uri : uri.replace(`${info}@`, '');
  try {
    const u = new URL(bare);
    if (u.host) return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    // not a URL Node parses (duckdb:PATH, parquet:DIR, a mistyped scheme)
  }
  return redactShapes(bare.split(/[?#]/)[0]!);
}
