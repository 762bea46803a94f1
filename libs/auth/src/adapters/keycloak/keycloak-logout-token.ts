import { audiencesOf, issuedAtOf, refuse, secondsClaim } from './keycloak-claims';
import type { KeycloakRealm } from './keycloak-realm';
import { isObject, type RealmAlgorithm, type RealmKeys, realmSignedPayload } from './realm-keys';

/** The member of `events` that makes a JWT a logout token (Back-Channel Logout 1.0 section 2.4). */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** How old a logout token may be: a notice replayed later must not end a session opened since. */
export const LOGOUT_TOKEN_MAX_AGE_SECONDS = 300;

/** Which realm session, or which user's sessions, a verified logout token ends. */
export interface RealmLogout {
  readonly sid?: string;
  readonly sub?: string;
}

/**
 * Validates a `logout_token` the realm POSTed to the back-channel logout URL, as OpenID Connect
 * Back-Channel Logout 1.0 section 2.6 says; throws `TokenInvalidError` for anything wrong. Its
 * `events` member and the absence of `nonce` keep an access or ID token of the realm from passing
 * for a logout notice (and the other way round, since access tokens must say `typ: Bearer`).
 *
 * @example
 * const { sid } = await verifyLogoutToken(verifier.keys, realm, body.logout_token, clock.now());
 */
export async function verifyLogoutToken(keys: RealmKeys, realm: KeycloakRealm, token: string, now: Date, algorithms: readonly RealmAlgorithm[] = ['RS256']): Promise<RealmLogout> {
  const payload = await realmSignedPayload(keys, token, now, algorithms);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const { iss, aud, events, nonce, sid, sub, typ } = payload;
  if (iss !== realm.issuer) refuse('was issued by another issuer');
  if (!audiencesOf(aud).includes(realm.clientId)) refuse('is meant for another client');
  if (issuedAtOf(payload, nowSeconds) < nowSeconds - LOGOUT_TOKEN_MAX_AGE_SECONDS) refuse('is too old to act on');
  const expiresAt = secondsClaim(payload, 'exp');
  if (expiresAt !== undefined && nowSeconds >= expiresAt) refuse('has expired');
  if (!isObject(events) || !isObject(events[BACKCHANNEL_LOGOUT_EVENT])) refuse('is not a logout token');
  // Section 2.4: a logout token must not carry a nonce, which is what sets an ID token apart.
  if (nonce !== undefined) refuse('carries a nonce');
  if (typ !== undefined && typ !== 'Logout') refuse('is not a logout token');
  const named = (value: unknown) => typeof value === 'string' && value !== '';
  if ((sid !== undefined && !named(sid)) || (sub !== undefined && !named(sub))) refuse('has a malformed sid or sub');
  if (sid === undefined && sub === undefined) refuse('names neither a session nor a user');
  return Object.freeze({ ...(sid === undefined ? {} : { sid: sid as string }), ...(sub === undefined ? {} : { sub: sub as string }) });
}
