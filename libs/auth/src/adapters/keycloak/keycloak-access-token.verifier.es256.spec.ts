// Threat: an ES256 realm token read more loosely, or more strictly, than it should be. ES256 is
// accepted only when configured and only under a P-256 key; the signature must be r ‖ s of exactly
// 64 bytes (not DER); and both halves of S are accepted, since Keycloak's signer does not pick one.
import { sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b64, FakeKeycloakRealm, T0 } from '../../../../../test/support/fake-keycloak-realm';
import { rejectionOf } from '../../../../../test/support/rejection';
import { TokenInvalidError } from '../../domain/auth-error';
import { KeycloakAccessTokenVerifier } from './keycloak-access-token.verifier';

const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

let fake: FakeKeycloakRealm;
let es256: KeycloakAccessTokenVerifier;

beforeAll(async () => {
  fake = await FakeKeycloakRealm.start('test', 'ES256');
  es256 = new KeycloakAccessTokenVerifier({ realm: fake.realm(), algorithms: ['ES256'] });
});
afterAll(() => fake.close());

/** `token` with S replaced by n - S: the other signature of the same claims. */
function otherHalf(token: string): string {
  const dot = token.lastIndexOf('.');
  const bytes = Buffer.from(token.slice(dot + 1), 'base64url');
  const s = BigInt(`0x${bytes.subarray(32).toString('hex')}`);
  const twin = Buffer.from((P256_ORDER - s).toString(16).padStart(64, '0'), 'hex');
  return `${token.slice(0, dot + 1)}${Buffer.concat([bytes.subarray(0, 32), twin]).toString('base64url')}`;
}

describe('KeycloakAccessTokenVerifier with an ES256 realm', () => {
  it('accepts a realm ES256 token with a low or a high S', async () => {
    const token = fake.accessToken(T0);
    await expect(es256.verify(token, T0)).resolves.toMatchObject({ identity: { username: 'alice' } });
    await expect(es256.verify(otherHalf(token), T0)).resolves.toMatchObject({ identity: { username: 'alice' } });
  });

  it('refuses ES256 when only RS256 is pinned (the default)', async () => {
    const rs256 = new KeycloakAccessTokenVerifier({ realm: fake.realm() });
    expect((await rejectionOf(rs256.verify(fake.accessToken(T0), T0), TokenInvalidError)).message).toBe('The token is not signed with an accepted algorithm.');
  });

  it('refuses a DER-encoded ECDSA signature', async () => {
    const input = `${b64({ alg: 'ES256', kid: fake.signingKey.kid })}.${b64(fake.accessClaims(T0))}`;
    const der = sign('sha256', Buffer.from(input), fake.signingKey.privateKey).toString('base64url');
    const error = await rejectionOf(es256.verify(`${input}.${der}`, T0), TokenInvalidError);
    expect(error.message).toBe('The token signature is not in canonical form.');
  });

  it('refuses an ES256 token whose S was altered', async () => {
    const token = fake.accessToken(T0);
    const dot = token.lastIndexOf('.');
    const bytes = Buffer.from(token.slice(dot + 1), 'base64url');
    bytes[63] ^= 1;
    await rejectionOf(es256.verify(`${token.slice(0, dot + 1)}${bytes.toString('base64url')}`, T0), TokenInvalidError);
  });
});
