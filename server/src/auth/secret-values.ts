import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new high-entropy secret (256 bits), URL-safe. */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/**
 * SHA-256 of a high-entropy secret (session cookie, API token). Random 256-bit values need no
 * slow hash: nobody can guess them from the digest. Passwords use argon2 (passwords.ts).
 */
export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
