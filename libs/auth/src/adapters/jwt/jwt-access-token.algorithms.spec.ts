// Threat: a supported algorithm that the module can configure but not live with. A deployment with
// an ES384 or RSA key must issue tokens its own verifier accepts (or every sign-in ends in a 401),
// and on P-384 too the high-S twin of an issued token must be refused, not cached as a second key.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenInvalidError } from '../../domain/auth-error';
import { JwtAccessTokenIssuer } from './jwt-access-token.issuer';
import { JwtAccessTokenVerifier } from './jwt-access-token.verifier';
import { JwtKeyRing } from './jwt-key-ring';
import { loadSigningKey, type SigningAlgorithm } from './signing-key';

const NOW = new Date('2026-01-01T08:00:00Z');
const P384_ORDER = 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n;

const privateKeyFor = (algorithm: SigningAlgorithm) =>
  (algorithm.startsWith('ES')
    ? generateKeyPairSync('ec', { namedCurve: algorithm === 'ES256' ? 'P-256' : 'P-384' }).privateKey
    : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  )
    .export({ format: 'pem', type: 'pkcs8' })
    .toString();

async function moduleWith(algorithm: SigningAlgorithm) {
  const keys = new JwtKeyRing(await loadSigningKey({ privateKey: privateKeyFor(algorithm), algorithm }));
  const issuer = new JwtAccessTokenIssuer({ issuer: 'stepgate', audience: 'stepgate', keys });
  const verifier = new JwtAccessTokenVerifier({ issuer: 'stepgate', audience: 'stepgate', keys, lifetimes: { stateful: 900, stateless: 300 } });
  const issue = () =>
    issuer.sign({ sub: 'u-1', sid: 's-1', preferred_username: 'ann', permits: ['staff'], acr: '1', amr: ['pwd'], auth_time: NOW.getTime() / 1000, session_mode: 'stateful' }, 300, NOW);
  return { issue, verifier };
}

describe.each(['ES256', 'ES384', 'RS256', 'PS256'] as const)('a module signing with %s', (algorithm) => {
  it('accepts the tokens it issues, with their header naming the algorithm', async () => {
    const { issue, verifier } = await moduleWith(algorithm);
    for (let i = 0; i < 4; i++) {
      const token = await issue();
      expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toMatchObject({ alg: algorithm, typ: 'at+jwt' });
      await expect(verifier.verify(token, NOW)).resolves.toMatchObject({ sessionId: 's-1', identity: { username: 'ann' } });
    }
  });
});

describe('a module signing with ES384', () => {
  it('refuses the high-S twin of every token it issues', async () => {
    const { issue, verifier } = await moduleWith('ES384');
    // Node's signer picks either S at random: unnormalised, one of eight tokens would be high S with odds of 255 in 256.
    for (let i = 0; i < 8; i++) {
      const token = await issue();
      const [header, payload, signature] = token.split('.');
      const raw = Buffer.from(signature, 'base64url');
      const s = BigInt(`0x${raw.subarray(48).toString('hex')}`);
      expect(s <= P384_ORDER / 2n).toBe(true);
      const twinS = Buffer.from((P384_ORDER - s).toString(16).padStart(96, '0'), 'hex');
      const twin = `${header}.${payload}.${Buffer.concat([raw.subarray(0, 48), twinS]).toString('base64url')}`;
      await expect(verifier.verify(twin, NOW)).rejects.toBeInstanceOf(TokenInvalidError);
      await expect(verifier.verify(twin, NOW)).rejects.toMatchObject({ message: 'The token signature is not in canonical form.' });
    }
  });
});

describe.each(['RS256', 'PS256'] as const)('a module signing with %s, given a signature with its leading zero byte dropped', (algorithm) => {
  it('refuses it as not canonical, though OpenSSL would verify a PSS one: one token, one spelling', async () => {
    const { issue, verifier } = await moduleWith(algorithm);
    // About one signature in 256 starts with a zero byte; PS256 signs with a random salt, and each
    // RS256 token differs by its jti, so issuing again finds one.
    let token = await issue();
    for (let i = 0; i < 4000 && Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url')[0] !== 0; i++) token = await issue();
    const signature = Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url');
    expect(signature[0]).toBe(0);
    await expect(verifier.verify(token, NOW)).resolves.toMatchObject({ sessionId: 's-1' });
    const shortened = `${token.slice(0, token.lastIndexOf('.') + 1)}${signature.subarray(1).toString('base64url')}`;
    const refusal = await verifier.verify(shortened, NOW).then(() => undefined, (error: unknown) => error);
    expect(refusal).toBeInstanceOf(TokenInvalidError);
    expect((refusal as Error).message).toBe('The token signature is not in canonical form.');
  });
});
