import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits: far beyond guessing, and opaque so it reveals nothing about the session. */
export function newRefreshTokenSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Refresh tokens are stored as SHA-256 digests. The secret has full entropy, so a plain digest
 * (no salt, no slow hash) suffices and the digest can be the lookup key.
 */
export function hashRefreshToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
