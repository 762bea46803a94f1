// Threat: access tokens that only this module can read. The signer is hand-written on node:crypto,
// so nothing but an independent library proves that the APIs trusting the module (any JOSE stack)
// accept what it signs: a DER-encoded ECDSA signature, PSS with another salt length or a header
// with members of its own would pass this module's own checks and fail everywhere else.
import { generateKeyPairSync } from 'node:crypto';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import type { UnsignedClaims } from '../../ports/access-token-issuer';
import { signCompactJws } from './compact-jws';
import { JwtAccessTokenIssuer } from './jwt-access-token.issuer';
import { JwtKeyRing } from './jwt-key-ring';
import { loadSigningKey, type LoadedSigningKey, type SigningAlgorithm } from './signing-key';

const NOW = new Date('2026-01-01T08:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const CLAIMS: UnsignedClaims = { sub: 'u-1', sid: 's-1', preferred_username: 'ann', permits: ['staff'], acr: '1', amr: ['pwd'], auth_time: NOW_SECONDS, session_mode: 'stateful' };

const privateKeyFor = (algorithm: SigningAlgorithm) =>
  (algorithm.startsWith('ES')
    ? generateKeyPairSync('ec', { namedCurve: algorithm === 'ES256' ? 'P-256' : 'P-384' }).privateKey
    : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  )
    .export({ format: 'pem', type: 'pkcs8' })
    .toString();

const keys = new Map<SigningAlgorithm, Promise<LoadedSigningKey>>();
const keyFor = (algorithm: SigningAlgorithm) => {
  if (!keys.has(algorithm)) keys.set(algorithm, loadSigningKey({ privateKey: privateKeyFor(algorithm), algorithm, kid: `k-${algorithm}` }));
  return keys.get(algorithm)!;
};

const signatureBytes = (token: string) => Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url');

describe.each([
  ['ES256', 64],
  ['ES384', 96],
  ['RS256', 256],
  ['PS256', 256],
] as const)('a %s compact JWS signed with node:crypto', (algorithm, signatureLength) => {
  it('verifies with jose against the public key, giving back the exact header and payload', async () => {
    const key = await keyFor(algorithm);
    const header = { alg: algorithm, typ: 'at+jwt', kid: key.kid };
    const payload = { sub: 'u-1', permits: ['staff'], note: 'ünïcode ✓' };
    const token = signCompactJws(header, payload, key);

    const verified = await compactVerify(token, key.publicKey, { algorithms: [algorithm] });
    expect(verified.protectedHeader).toStrictEqual(header);
    expect(JSON.parse(new TextDecoder().decode(verified.payload))).toStrictEqual(payload);
  });

  it(`carries a ${signatureLength}-byte signature${algorithm.startsWith('ES') ? ' as r || s, not DER' : ''}`, async () => {
    const key = await keyFor(algorithm);
    for (let i = 0; i < 4; i++) {
      const signature = signatureBytes(signCompactJws({ alg: algorithm, typ: 'at+jwt', kid: key.kid }, { i }, key));
      expect(signature).toHaveLength(signatureLength);
      // A DER ECDSA signature starts with a SEQUENCE tag and is a few bytes longer than r || s.
      if (algorithm.startsWith('ES')) expect(signature[0] === 0x30 && signature[1] === signature.length - 2).toBe(false);
    }
  });

  it('is refused by jose under another key of the same kind', async () => {
    const key = await keyFor(algorithm);
    const other = await loadSigningKey({ privateKey: privateKeyFor(algorithm), algorithm });
    const token = signCompactJws({ alg: algorithm, typ: 'at+jwt', kid: key.kid }, { sub: 'u-1' }, key);
    await expect(compactVerify(token, other.publicKey, { algorithms: [algorithm] })).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  it('issues access tokens jose verifies as at+jwt, whose header is exactly alg, typ and kid', async () => {
    const key = await keyFor(algorithm);
    const ring = new JwtKeyRing(key);
    const issuer = new JwtAccessTokenIssuer({ issuer: 'https://id.example', audience: 'api', keys: ring });
    const token = await issuer.sign(CLAIMS, 300, NOW);

    const { payload, protectedHeader } = await jwtVerify(token, key.publicKey, {
      algorithms: [algorithm],
      issuer: 'https://id.example',
      audience: 'api',
      typ: 'at+jwt',
      currentDate: NOW,
    });
    expect(protectedHeader).toStrictEqual({ alg: algorithm, typ: 'at+jwt', kid: `k-${algorithm}` });
    expect(Buffer.from(token.split('.')[0], 'base64url').toString()).toBe(`{"alg":"${algorithm}","typ":"at+jwt","kid":"k-${algorithm}"}`);
    expect(payload).toStrictEqual({ ...CLAIMS, iat: NOW_SECONDS, exp: NOW_SECONDS + 300, iss: 'https://id.example', aud: 'api', jti: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(signatureBytes(token)).toHaveLength(signatureLength);
    // What an API that trusts the module does: verify against the JWKS the issuer publishes.
    await expect(jwtVerify(token, createLocalJWKSet(issuer.jwks() as never), { algorithms: [algorithm], currentDate: NOW })).resolves.toMatchObject({
      protectedHeader: { kid: `k-${algorithm}` },
    });
  });
});

describe('JwtAccessTokenIssuer: the issuer it names is the iss it signs', () => {
  it('names as its issuer the iss claim of the tokens it signs', async () => {
    const issuer = new JwtAccessTokenIssuer({ issuer: 'https://id.example/realm', audience: 'api', keys: new JwtKeyRing(await keyFor('ES256')) });
    const token = await issuer.sign(CLAIMS, 300, NOW);
    expect(issuer.issuer).toBe('https://id.example/realm');
    expect(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).iss).toBe(issuer.issuer);
    expect(decodeProtectedHeader(token)).toStrictEqual({ alg: 'ES256', typ: 'at+jwt', kid: 'k-ES256' });
  });
});
