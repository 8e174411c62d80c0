// Who is calling: the app (an RS256 JWT signed with its private key, checked against the registered
// public key), an installation token, a user token, or nobody. Bad or expired credentials are 401,
// as on GitHub.
import { randomBytes, verify } from 'node:crypto';
import type { Sim } from '../sim.js';
import type { Token } from '../state/types.js';
import { unauthorized } from './errors.js';
import type { Actor } from './route.js';

function decodeSegment(segment: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}

export function verifyAppJwt(sim: Sim, jwt: string, nowSeconds = Math.floor(Date.now() / 1000)): void {
  const parts = jwt.split('.');
  if (parts.length !== 3) throw unauthorized('A JSON web token could not be decoded');
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = decodeSegment(parts[0]!);
    claims = decodeSegment(parts[1]!);
  } catch {
    throw unauthorized('A JSON web token could not be decoded');
  }
  if (header.alg !== 'RS256') throw unauthorized("'Expiration time' claim ('exp') is missing or the algorithm is not RS256");
  const signed = verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), sim.app.publicKey, Buffer.from(parts[2]!, 'base64url'));
  if (!signed) throw unauthorized('A JSON web token could not be decoded');
  if (String(claims.iss) !== String(sim.app.id) && claims.iss !== sim.app.clientId) {
    throw unauthorized("'Issuer' claim ('iss') must be an Integer");
  }
  const exp = Number(claims.exp);
  const iat = Number(claims.iat);
  if (!Number.isFinite(exp) || exp <= nowSeconds) throw unauthorized("'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires");
  if (exp - nowSeconds > 600 + 60) throw unauthorized("'Expiration time' claim ('exp') is too far in the future");
  if (!Number.isFinite(iat) || iat > nowSeconds + 60) throw unauthorized("'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued");
}

/** Installation tokens live an hour and user tokens eight, as GitHub's do. */
export function issueToken(sim: Sim, token: Omit<Token, 'token' | 'expiresAt'>, prefix: 'ghs_' | 'ghu_'): Token {
  const lifetime = prefix === 'ghs_' ? 3600_000 : 8 * 3600_000;
  const t: Token = { ...token, token: `${prefix}${randomBytes(18).toString('hex')}`, expiresAt: Date.now() + lifetime };
  sim.store.tokens.set(t.token, t);
  return t;
}

export function actorOfToken(sim: Sim, value: string): Actor {
  const token = sim.store.tokens.get(value);
  if (!token || token.expiresAt <= Date.now()) throw unauthorized();
  if (token.kind === 'installation') {
    return {
      kind: 'installation', installationId: token.installationId!, repoIds: token.repoIds ?? null, login: token.login,
      ...(token.permissions ? { permissions: token.permissions } : {}), token: token.token,
    };
  }
  return { kind: 'user', login: token.login, token: token.token, ...(token.permissions ? { permissions: token.permissions } : {}) };
}

/** The actor of an Authorization header (REST form: "Bearer <jwt or token>" or "token <token>"). */
export function authenticate(sim: Sim, header: string | undefined): Actor {
  if (!header) return { kind: 'anonymous' };
  const m = /^(bearer|token)\s+(\S+)$/i.exec(header.trim());
  if (!m) {
    const basic = /^basic\s+(\S+)$/i.exec(header.trim());
    if (basic) {
      const [, password] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(/:(.*)/s);
      if (password) return actorOfToken(sim, password);
    }
    throw unauthorized();
  }
  const credential = m[2]!;
  if (credential.split('.').length === 3 && credential.startsWith('ey')) {
    verifyAppJwt(sim, credential);
    return { kind: 'app' };
  }
  return actorOfToken(sim, credential);
}
