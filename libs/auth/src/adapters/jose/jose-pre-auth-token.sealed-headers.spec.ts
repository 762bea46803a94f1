// Threat: a token sealed under the right key but with a header this codec never writes. Anyone who
// holds the key (another purpose sharing it, an old release, a copied snippet) can produce one, and
// AES-GCM accepts it, since the header it authenticates is the header that came. Only the exact
// header check stands between such a token and a sign-in: each case below decrypts under the codec's
// own key, and each is refused before decryption, which the refusal's cause states.
import { CompactEncrypt, compactDecrypt, type CompactJWEHeaderParameters, EncryptJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../../../test/support/rejection';
import { PRE_AUTH_TOKEN_HEADER as HEADER, PRE_AUTH_TOKEN_KEY as key, pendingFlowPayload as payload } from '../../../../../test/support/sealed-flow';
import { TokenInvalidError } from '../../domain/auth-error';
import { JosePreAuthTokenCodec, PRE_AUTH_TOKEN_TYPE } from './jose-pre-auth-token.codec';

const codec = new JosePreAuthTokenCodec(key);

const seal = (header: CompactJWEHeaderParameters, cek: Uint8Array = key) =>
  new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload()))).setProtectedHeader(header).encrypt(cek);

const refusal = (token: string) => rejectionOf(codec.open(token), TokenInvalidError);

async function expectRefusedByHeader(token: string): Promise<void> {
  const error = await refusal(token);
  expect(error.code).toBe('TOKEN_INVALID');
  expect((error.cause as Error).message).toBe('pre_auth_token refused before decryption: header');
}

describe('JosePreAuthTokenCodec: a genuinely sealed token with another header is refused by the header check', () => {
  it('control: a token sealed by hand with the exact header opens', async () => {
    const token = await seal(HEADER);
    await expect(codec.open(token)).resolves.toMatchObject({ mode: 'stateless', nextSteps: ['totp'] });
  });

  it.each([
    ['another typ', { ...HEADER, typ: 'JWT' }],
    ['the typ of a nested JWT', { ...HEADER, typ: 'stepgate-flow+jwt' }],
    ['no typ', { alg: 'dir', enc: 'A256GCM' }],
    ['typ swapped for another member', { alg: 'dir', enc: 'A256GCM', kid: PRE_AUTH_TOKEN_TYPE }],
    ['an extra kid', { ...HEADER, kid: 'k1' }],
    ['an extra cty', { ...HEADER, cty: 'JWT' }],
  ])('refuses a token sealed under the codec key with %s', async (_, header) => {
    const token = await seal(header as CompactJWEHeaderParameters);
    // Proves the token is genuine: without the codec's checks, the key opens it.
    await expect(compactDecrypt(token, key)).resolves.toBeDefined();
    await expectRefusedByHeader(token);
  });

  it.each([
    ['dir with A128CBC-HS256 under the same 32-byte key', { ...HEADER, enc: 'A128CBC-HS256' }, key],
    ['dir with A128GCM under half of the key', { ...HEADER, enc: 'A128GCM' }, key.subarray(0, 16)],
  ])('refuses a token sealed with %s', async (_, header, cek) => {
    const token = await seal(header as CompactJWEHeaderParameters, cek);
    await expect(compactDecrypt(token, cek)).resolves.toBeDefined();
    await expectRefusedByHeader(token);
  });

  // A key-wrapping token carries its wrapped content key in the second part, which `dir` leaves
  // empty: that part alone refuses it, before the header is read.
  it.each(['A256KW', 'A256GCMKW'])('refuses a token whose content key is wrapped with the codec key by %s', async (alg) => {
    const token = await seal({ ...HEADER, alg });
    await expect(compactDecrypt(token, key)).resolves.toBeDefined();
    const error = await refusal(token);
    expect(error.code).toBe('TOKEN_INVALID');
    expect((error.cause as Error).message).toBe('pre_auth_token refused before decryption: encoding');
  });

  it('refuses an encrypted JWT of the same key, as another library would write it', async () => {
    const token = await new EncryptJWT(payload()).setProtectedHeader({ alg: 'dir', enc: 'A256GCM', typ: 'JWT' }).encrypt(key);
    await expectRefusedByHeader(token);
  });

  it.each([
    ['JSON null', 'null'],
    ['a string of three characters', '"abc"'],
    ['a number', '42'],
    ['a list of the three values', `["dir","A256GCM","${PRE_AUTH_TOKEN_TYPE}"]`],
  ])('refuses a header that is %s as invalid, rather than failing on it', async (_, json) => {
    const genuine = await seal(HEADER);
    const token = [Buffer.from(json).toString('base64url'), ...genuine.split('.').slice(1)].join('.');
    await expectRefusedByHeader(token);
  });
});
