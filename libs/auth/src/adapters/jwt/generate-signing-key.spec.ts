import { describe, expect, it } from 'vitest';
import { createPrivateKey } from 'node:crypto';
import { calculateJwkThumbprint, importJWK, jwtVerify } from 'jose';
import { generateSigningKey } from './generate-signing-key';
import { JwtAccessTokenIssuer } from './jwt-access-token.issuer';
import { JwtAccessTokenVerifier } from './jwt-access-token.verifier';
import { JwtKeyRing } from './jwt-key-ring';
import { loadSigningKey, type SigningAlgorithm } from './signing-key';
import type { UnsignedClaims } from '../../ports/access-token-issuer';

const NOW = new Date('2025-01-01T00:00:00Z');
const CLAIMS: UnsignedClaims = { sub: 'user-1', sid: 'session-1', preferred_username: 'ann', permits: [], acr: '1', amr: ['pwd'], auth_time: 1_735_689_600, session_mode: 'stateful' };

describe('generateSigningKey', () => {
  it.each([
    ['ES256', 'ec', { namedCurve: 'prime256v1' }],
    ['ES384', 'ec', { namedCurve: 'secp384r1' }],
    ['RS256', 'rsa', { modulusLength: 3072 }],
    ['PS256', 'rsa', { modulusLength: 3072 }],
  ] as const)('makes for %s a %s key that loads, signs, and verifies against its public JWK', async (algorithm: SigningAlgorithm, type, details) => {
    const key = await generateSigningKey(algorithm);
    const privateKey = createPrivateKey(key.privateKeyPem);
    expect(privateKey.asymmetricKeyType).toBe(type);
    expect(privateKey.asymmetricKeyDetails).toMatchObject(details);
    expect(key.kid).toBe(await calculateJwkThumbprint(key.publicJwk, 'sha256'));
    expect(key.publicJwk).toMatchObject({ kid: key.kid, alg: algorithm, use: 'sig' });
    expect(key.publicJwk).not.toHaveProperty('d');
    expect(key.privateJwk).toMatchObject({ kid: key.kid, alg: algorithm, d: expect.any(String) });

    const fromPem = await loadSigningKey({ privateKey: key.privateKeyPem, algorithm });
    // The JWK carries its alg and kid, so it loads with nothing else said.
    const fromJwk = await loadSigningKey({ privateKey: key.privateJwk as Record<string, unknown> });
    expect({ kid: fromJwk.kid, algorithm: fromJwk.algorithm }).toEqual({ kid: key.kid, algorithm });
    expect(fromPem.publicJwk).toEqual(key.publicJwk);

    const keys = new JwtKeyRing(fromPem);
    const token = await new JwtAccessTokenIssuer({ issuer: 'stepgate', audience: 'stepgate', keys }).sign(CLAIMS, 60, NOW);
    const verifier = new JwtAccessTokenVerifier({ issuer: 'stepgate', audience: 'stepgate', keys, lifetimes: { stateful: 60, stateless: 60 } });
    await expect(verifier.verify(token, NOW)).resolves.toMatchObject({ identity: { userId: 'user-1' }, sessionId: 'session-1' });
    const { protectedHeader } = await jwtVerify(token, await importJWK(key.publicJwk, algorithm), { algorithms: [algorithm], currentDate: NOW });
    expect(protectedHeader).toMatchObject({ alg: algorithm, kid: key.kid });
  });

  it('makes a new key every time', async () => {
    const [a, b] = await Promise.all([generateSigningKey(), generateSigningKey()]);
    expect(a.kid).not.toBe(b.kid);
    expect(a.algorithm).toBe('ES256');
  });
});
