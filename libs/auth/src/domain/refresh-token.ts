/**
 * One link of a session's refresh-token family. Only the hash of the token is kept: the raw value
 * exists in the client's hands and in the response that handed it over, nowhere else.
 */
export interface RefreshTokenRecord {
  readonly hash: string;
  readonly sessionId: string;
  readonly userId: string;
  /** 0 for the token issued at sign-in, +1 on every rotation. */
  readonly generation: number;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  /** Set when the token is exchanged for its successor; a spent token presented again is reuse. */
  readonly spentAt?: Date;
  readonly revokedAt?: Date;
}

/**
 * What happened when a refresh token was presented. Adapters decide this atomically: of two
 * requests presenting the same token, exactly one sees `rotated`.
 */
export type RotationOutcome =
  | { readonly kind: 'rotated'; readonly previous: RefreshTokenRecord }
  | { readonly kind: 'reused'; readonly previous: RefreshTokenRecord }
  | { readonly kind: 'revoked' }
  | { readonly kind: 'expired' }
  | { readonly kind: 'unknown' };

export function firstRefreshToken(input: {
  hash: string;
  sessionId: string;
  userId: string;
  now: Date;
  ttlSeconds: number;
}): RefreshTokenRecord {
  return {
    hash: input.hash,
    sessionId: input.sessionId,
    userId: input.userId,
    generation: 0,
    issuedAt: input.now,
    expiresAt: new Date(input.now.getTime() + input.ttlSeconds * 1000),
  };
}

/** The token that replaces `previous`: same family, next generation, a fresh lifetime. */
export function successorOf(previous: RefreshTokenRecord, hash: string, now: Date, ttlSeconds: number): RefreshTokenRecord {
  return {
    hash,
    sessionId: previous.sessionId,
    userId: previous.userId,
    generation: previous.generation + 1,
    issuedAt: now,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
  };
}

/**
 * Why a stored token cannot be rotated, or undefined when it can. Reuse wins over expiry and
 * revocation: a spent token coming back is evidence of theft whatever else is true of it.
 */
export function refusalOf(record: RefreshTokenRecord, now: Date): Exclude<RotationOutcome['kind'], 'rotated' | 'unknown'> | undefined {
  if (record.spentAt) return 'reused';
  if (record.revokedAt) return 'revoked';
  if (now.getTime() >= record.expiresAt.getTime()) return 'expired';
  return undefined;
}
