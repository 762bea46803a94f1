// Threat: a setting that quietly weakens the verifier: an HMAC or `none` algorithm in the pinned
// list, an empty audience that every token would miss (or a check someone "fixes" by removing it),
// a lifetime or introspection cache that means nothing. Each fails at start-up, naming the option.
import { describe, expect, it } from 'vitest';
import { KeycloakAccessTokenVerifier, type KeycloakAccessTokenVerifierOptions } from './keycloak-access-token.verifier';
import { KeycloakConfigError, KeycloakRealm } from './keycloak-realm';

const realm = new KeycloakRealm({ url: 'http://127.0.0.1:1', realm: 'stepgate', clientId: 'stepgate-api', clientSecret: 'secret' });
const build = (options: Partial<Record<keyof KeycloakAccessTokenVerifierOptions, unknown>>) =>
  () => new KeycloakAccessTokenVerifier({ realm, ...options } as KeycloakAccessTokenVerifierOptions);

describe('KeycloakAccessTokenVerifier options', () => {
  it('answers for the realm issuer with the defaults', () => {
    expect(build({})().issuer).toBe('http://127.0.0.1:1/realms/stepgate');
  });

  it.each([[['HS256']], [['none']], [['RS256', 'HS512']], [[]], [['ES384']]])('refuses algorithms %j', (algorithms) => {
    expect(build({ algorithms })).toThrow(KeycloakConfigError);
    expect(build({ algorithms })).toThrow('`algorithms` must name some of RS256, PS256, ES256');
  });

  it.each([[''], [[]], [['stepgate-api', '']], [[7]]])('refuses audience %j', (audience) => {
    expect(build({ audience })).toThrow('`audience` must be a non-empty string or a list of them');
  });

  it.each([[0], [-1], [1.5], [Number.POSITIVE_INFINITY]])('refuses maxLifetimeSeconds %s', (maxLifetimeSeconds) => {
    expect(build({ maxLifetimeSeconds })).toThrow('`maxLifetimeSeconds` must be a positive whole number');
  });

  it.each([[0], [-30], [0.5]])('refuses introspect.cacheSeconds %s', (cacheSeconds) => {
    expect(build({ introspect: { cacheSeconds } })).toThrow('`introspect.cacheSeconds` must be a positive whole number');
  });

  it.each([[{ minRefreshIntervalMs: -1 }], [{ maxAgeMs: Number.NaN }]])('refuses key refresh settings %j', (keys) => {
    expect(build({ keys })).toThrow(KeycloakConfigError);
  });

  it('accepts ES256 and PS256 beside RS256, and several audiences', () => {
    expect(build({ algorithms: ['ES256', 'PS256', 'RS256'], audience: ['a', 'b'], introspect: { cacheSeconds: 5 } })).not.toThrow();
  });
});
