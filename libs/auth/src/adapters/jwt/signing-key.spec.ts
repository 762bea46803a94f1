import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { loadSigningKey } from './signing-key';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

describe('loadSigningKey', () => {
  it('loads a PEM and a JWK of the same key to the same public JWK and thumbprint kid', async () => {
    const fromPem = await loadSigningKey({ privateKey: ec.export({ format: 'pem', type: 'pkcs8' }).toString() });
    const fromJwk = await loadSigningKey({ privateKey: ec.export({ format: 'jwk' }) as Record<string, unknown> });
    expect(fromPem.publicJwk).toEqual(fromJwk.publicJwk);
    expect(fromPem.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fromPem.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: fromPem.kid });
    expect(fromPem.publicJwk).not.toHaveProperty('d');
  });

  it('refuses a key that does not fit the algorithm, at start-up rather than on the first request', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    await expect(loadSigningKey({ privateKey: rsa })).rejects.toThrow(/ES256/);
    await expect(loadSigningKey({ privateKey: rsa, algorithm: 'RS256', kid: 'k1' })).resolves.toMatchObject({ kid: 'k1', algorithm: 'RS256' });
  });
});
