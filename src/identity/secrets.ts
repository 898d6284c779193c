import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** Passwords: scrypt with a per-password salt (N=2^14, r=8, p=1), stored as `scrypt$salt$hash`. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password.normalize('NFKC'), salt, 32);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export function verifyPassword(password: string, stored: string | null): boolean {
  // Unknown users are checked against a dummy hash so that timing does not tell them apart.
  const [scheme, saltB64, hashB64] = (stored ?? dummyHash).split('$');
  if (scheme !== 'scrypt' || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, 'base64url');
  const actual = scryptSync(password.normalize('NFKC'), Buffer.from(saltB64, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected) && stored !== null;
}
const dummyHash = `scrypt$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(32).toString('base64url')}`;

/** High-entropy tokens (API keys, sessions) are stored as SHA-256; the token itself is shown once. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

/** One canonical form per e-mail (IN-15): NFKC, then lower case, trimmed. */
export function canonicalEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}
