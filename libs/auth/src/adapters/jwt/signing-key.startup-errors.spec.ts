// Threat: a deployment that starts without a usable signing key. Node's own error for a missing PEM
// (ERR_INVALID_ARG_TYPE) says nothing of the fix; a shared secret or a public key in the wrong slot
// would weaken or break every token; and an error message that quotes the key leaks it to the logs.
import { describe, expect, it } from 'vitest';
import { createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { Test } from '@nestjs/testing';
import { AuthModule } from '../../auth.module';
import { loadSigningKey, loadVerificationKey } from './signing-key';
import { SigningKeyError } from './signing-key.error';

const ec256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ec384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_PEM = ec256.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const PUBLIC_PEM = ec256.publicKey.export({ format: 'pem', type: 'spki' }).toString();
const PRIVATE_JWK = ec256.privateKey.export({ format: 'jwk' }) as Record<string, unknown>;

const HINT = 'Generate one with `npx stepgate-keygen`.';

async function refusal(input: unknown): Promise<SigningKeyError> {
  const error = await loadSigningKey(input as never).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SigningKeyError);
  return error as SigningKeyError;
}

describe('an unusable signing key fails at start-up, saying how to make one', () => {
  it.each([
    ['no signingKey at all', undefined, /^signingKey is missing/],
    ['privateKey undefined', { privateKey: undefined }, /^signingKey\.privateKey is missing/],
    ['an empty string', { privateKey: '' }, /is empty \(an unset environment variable\?\)/],
    ['only blanks', { privateKey: ' \n ' }, /is empty/],
    ['text that is neither PEM nor JWK', { privateKey: 'correct horse battery staple' }, /neither a PEM nor a JWK.*shared secret/],
    ['broken JSON', { privateKey: '{"kty":"EC",' }, /not valid JSON/],
    ['an object without kty', { privateKey: { key: 'x' } }, /without "kty"/],
    ['a symmetric JWK', { privateKey: { kty: 'oct', k: 'c2VjcmV0' } }, /symmetric JWK.*asymmetric key/],
    ['raw bytes', { privateKey: randomBytes(32) }, /raw bytes.*shared secret/],
    ['a secret KeyObject', { privateKey: createSecretKey(randomBytes(32)) }, /shared secret/],
    ['a public PEM', { privateKey: PUBLIC_PEM }, /is a public key; signing needs the private key.*previousSigningKeys/],
    ['a public JWK', { privateKey: ec256.publicKey.export({ format: 'jwk' }) }, /is a public key/],
    ['a PEM that does not decode', { privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }, /cannot be read as a private key/],
    ['an RSA key for ES256', { privateKey: rsa.privateKey }, /is a 2048-bit RSA key, which cannot sign ES256.*algorithm: 'RS256' or 'PS256'/],
    ['a P-384 key for ES256', { privateKey: ec384.privateKey }, /is an EC P-384 key, which cannot sign ES256.*algorithm: 'ES384'/],
    ['a P-256 key for RS256', { privateKey: PRIVATE_PEM, algorithm: 'RS256' }, /EC P-256 key, which cannot sign RS256/],
    ['an Ed25519 key', { privateKey: generateKeyPairSync('ed25519').privateKey }, /ed25519 key, which cannot sign ES256/],
    ['a short RSA key', { privateKey: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey, algorithm: 'RS256' }, /1024-bit RSA key; RS256 needs at least 2048 bits/],
    ['HS256', { privateKey: PRIVATE_PEM, algorithm: 'HS256' }, /algorithm "HS256", which the module does not sign with/],
    ['an alg the JWK contradicts', { privateKey: { ...PRIVATE_JWK, alg: 'ES384' }, algorithm: 'ES256' }, /says algorithm ES256 but its JWK says "alg": ES384/],
    ['an empty kid', { privateKey: PRIVATE_PEM, kid: '' }, /kid that is not a non-empty string/],
  ])('%s', async (_label, input, message) => {
    const error = await refusal(input);
    expect(error.message).toMatch(message);
    expect(error.message.endsWith(HINT)).toBe(true);
  });

  it('never quotes the key in the message', async () => {
    const jwkText = JSON.stringify({ ...PRIVATE_JWK, alg: 'ES384' });
    const errors = await Promise.all([
      refusal({ privateKey: PRIVATE_PEM, algorithm: 'RS256' }),
      refusal({ privateKey: `${PRIVATE_PEM.slice(0, 60)}corrupted\n-----END PRIVATE KEY-----` }),
      refusal({ privateKey: 'hmac-secret-Canary-91c2' }),
      refusal({ privateKey: jwkText, algorithm: 'ES256' }),
    ]);
    const body = PRIVATE_PEM.split('\n')[1];
    for (const { message } of errors) {
      for (const secret of [body.slice(0, 16), 'hmac-secret-Canary', String(PRIVATE_JWK.d)]) expect(message).not.toContain(secret);
    }
  });

  it('stops AuthModule.forRoot with that error, not with node:crypto ERR_INVALID_ARG_TYPE', async () => {
    const compile = Test.createTestingModule({ imports: [AuthModule.forRoot({ signingKey: { privateKey: undefined as never } })] }).compile();
    await expect(compile).rejects.toThrow(new SigningKeyError(`signingKey.privateKey is missing. ${HINT}`));
  });

  it('reads a one-line PEM whose line breaks were written as \\n, and a JWK given as JSON text', async () => {
    const fromPem = await loadSigningKey({ privateKey: PRIVATE_PEM.replaceAll('\n', '\\n') });
    const fromJson = await loadSigningKey({ privateKey: JSON.stringify(PRIVATE_JWK) });
    expect(fromJson.kid).toBe(fromPem.kid);
  });

  it('refuses a retired key that is missing or symmetric, naming its place in the list', async () => {
    await expect(loadVerificationKey({ publicKey: '' }, 'previousSigningKeys[1]')).rejects.toThrow(/^previousSigningKeys\[1\]\.publicKey is empty/);
    await expect(loadVerificationKey({ publicKey: { kty: 'oct', k: 'c2VjcmV0' } }, 'previousSigningKeys[0]')).rejects.toThrow(SigningKeyError);
    await expect(loadVerificationKey(undefined, 'previousSigningKeys[2]')).rejects.toThrow(/^previousSigningKeys\[2\] is missing/);
  });
});
