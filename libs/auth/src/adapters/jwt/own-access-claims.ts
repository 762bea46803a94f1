import { TokenInvalidError } from '../../domain/auth-error';
import type { VerifiedAccess } from '../../ports/access-token-verifier';
import { OWN_TOKEN_SOURCE } from '../../domain/access-token-claims';

/** How far a token's `iat` may be ahead of this server's clock (instances' clocks drift a little). */
export const CLOCK_LEEWAY_SECONDS = 30;

/** The longest lifetime (`exp - iat`) the module issues, per session mode. */
export interface LifetimeLimits {
  readonly stateful: number;
  readonly stateless: number;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);
// Stryker disable next-line ConditionalExpression: Number.isSafeInteger is false for every non-number (it does not coerce), so the typeof test never decides alone.
const isSeconds = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

function isAttributeMap(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(isString);
}

/**
 * Reads the payload of a token whose signature, `iss`, `aud`, `exp` and `nbf` were checked, and
 * fails closed on anything the module would not have issued: every claim the guards rely on must
 * have its type (a string `permits` would pass a substring test), the session mode must be one of
 * the two (a misspelt one skipped the session check), and the token may be neither dated in the
 * future nor live longer than the module issues for its mode.
 */
export function readOwnClaims(payload: Record<string, unknown>, limits: LifetimeLimits, nowSeconds: number): VerifiedAccess {
  const { sub, sid, iat, exp, preferred_username, email, permits, acr, amr, auth_time, session_mode, attributes } = payload;
  const fail = (why: string): never => {
    throw new TokenInvalidError(`The token ${why}.`);
  };
  if (!isNonEmptyString(sub) || !isNonEmptyString(sid) || !isString(preferred_username)) fail('lacks required claims');
  if (!isSeconds(exp) || !isSeconds(iat) || !isSeconds(auth_time)) fail('lacks required time claims');
  if (session_mode !== 'stateful' && session_mode !== 'stateless') fail('names no known session mode');
  if (!isStringList(permits) || !isStringList(amr) || !isString(acr)) fail('has malformed permits, amr or acr');
  if (email !== undefined && !isString(email)) fail('has a malformed email');
  if (attributes !== undefined && !isAttributeMap(attributes)) fail('has malformed attributes');
  const issuedAt = iat as number;
  const expiresAt = exp as number;
  if (issuedAt > nowSeconds + CLOCK_LEEWAY_SECONDS) fail('was issued in the future');
  if (expiresAt - issuedAt > limits[session_mode as 'stateful' | 'stateless'] + CLOCK_LEEWAY_SECONDS) fail('lives longer than this server issues');
  return Object.freeze({
    source: OWN_TOKEN_SOURCE,
    identity: Object.freeze({
      userId: sub as string,
      username: preferred_username as string,
      ...(email === undefined ? {} : { email: email as string }),
      groups: Object.freeze([...(permits as string[])]),
      ...(attributes === undefined ? {} : { attributes: Object.freeze({ ...(attributes as Record<string, string>) }) }),
    }),
    sessionId: sid as string,
    sessionChecked: session_mode !== 'stateless',
    acr: acr as string,
    amr: Object.freeze([...(amr as string[])]),
    authTime: auth_time as number,
    expiresAt,
    claims: Object.freeze(payload),
  });
}
