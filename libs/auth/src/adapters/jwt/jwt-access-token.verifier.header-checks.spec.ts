// Threat: a token the module's key signed, or one signed by nobody, that the verifier reads further
// than it should. Everything before the signature check runs on attacker input: the header is
// parsed only up to a bound, then the token must say it is an access token, name no critical
// extension, name a known key and carry its signature in the one canonical form. The client is told
// which of these refused it, and the log keeps the reason when the signature fails.
import { sign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { TokenInvalidError } from '../../domain/auth-error';
import { TESTING_SIGNING_KEY } from '../../testing/auth-testing-module';
import { withLowS } from './canonical-signature';
import { JwtAccessTokenIssuer } from './jwt-access-token.issuer';
import { JwtAccessTokenVerifier } from './jwt-access-token.verifier';
import { JwtKeyRing } from './jwt-key-ring';
import { type LoadedSigningKey, loadSigningKey } from './signing-key';

const NOW = new Date('2026-01-01T08:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

let key: LoadedSigningKey;
let verifier: JwtAccessTokenVerifier;
let claims: Record<string, unknown>;

beforeAll(async () => {
  key = await loadSigningKey({ privateKey: TESTING_SIGNING_KEY });
  const keys = new JwtKeyRing(key);
  verifier = new JwtAccessTokenVerifier({ issuer: 'stepgate', audience: 'stepgate', keys, lifetimes: { stateful: 900, stateless: 300 } });
  const issued = await new JwtAccessTokenIssuer({ issuer: 'stepgate', audience: 'stepgate', keys }).sign(
    { sub: 'u-1', sid: 's-1', preferred_username: 'ann', permits: ['staff'], acr: '1', amr: ['pwd'], auth_time: NOW_SECONDS, session_mode: 'stateful' },
    300,
    NOW,
  );
  claims = JSON.parse(Buffer.from(issued.split('.')[1], 'base64url').toString());
});

/** Signs `claims` with the real key under exactly `header` (ES256 P1363, low S). */
function signed(header: Record<string, unknown>, payload: Record<string, unknown> = claims): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return withLowS(`${input}.${signature.toString('base64url')}`, 'ES256');
}

const ownHeader = (extra: Record<string, unknown> = {}) => ({ alg: 'ES256', kid: key.kid, typ: 'at+jwt', ...extra });

/** A header whose base64url form is exactly `length` characters, padded by an extra member. */
function headerOfLength(length: number): Record<string, unknown> {
  for (let size = 0; size < length; size++) {
    const header = ownHeader({ pad: 'x'.repeat(size) });
    if (b64(header).length === length) return header;
  }
  throw new Error(`no header is ${length} characters long`);
}

async function refusalOf(token: string): Promise<TokenInvalidError> {
  const error = await verifier.verify(token, NOW).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(TokenInvalidError);
  expect(error).toMatchObject({ code: 'TOKEN_INVALID' });
  return error as TokenInvalidError;
}

describe('JwtAccessTokenVerifier: what is checked before the signature', () => {
  it('control: a token signed here under the module’s own header is accepted', async () => {
    await expect(verifier.verify(signed(ownHeader()), NOW)).resolves.toMatchObject({ sessionId: 's-1', identity: { username: 'ann' } });
  });

  it('reads a protected header of exactly 1024 characters', async () => {
    const token = signed(headerOfLength(1024));
    expect(token.indexOf('.')).toBe(1024);
    await expect(verifier.verify(token, NOW)).resolves.toMatchObject({ sessionId: 's-1' });
  });

  it('does not parse a longer protected header, though the key signed it', async () => {
    // Base64url never spells JSON in 4k + 1 characters, so 1026 is the nearest length above.
    const token = signed(headerOfLength(1026));
    expect(token.indexOf('.')).toBe(1026);
    expect((await refusalOf(token)).message).toBe('The token is not an access token.');
  });

  it('reads no header from a token without a dot, though its text is a header naming the real key', async () => {
    // Without the bound, everything but the last character would be read as the header.
    const token = `${b64(ownHeader())}A`;
    expect(token.includes('.')).toBe(false);
    expect((await refusalOf(token)).message).toBe('The token is not an access token.');
  });

  it.each([
    ['JSON null', 'null'],
    ['a list', '["at+jwt"]'],
    ['a number', '1'],
    ['a string', '"at+jwt"'],
    ['empty', ''],
  ])('refuses a protected header that is %s as not an access token, rather than failing on it', async (_, json) => {
    const token = `${Buffer.from(json).toString('base64url')}.${b64(claims)}.${signed(ownHeader()).split('.')[2]}`;
    expect((await refusalOf(token)).message).toBe('The token is not an access token.');
  });

  it.each([
    ['typ JWT', () => ownHeader({ typ: 'JWT' }), 'The token is not an access token.'],
    ['no typ', () => ({ alg: 'ES256', kid: key.kid }), 'The token is not an access token.'],
    ['a crit extension', () => ownHeader({ crit: ['exp'] }), 'The token names critical extensions this server does not understand.'],
    ['an unknown kid', () => ownHeader({ kid: 'another-key' }), 'The token was not signed by a known key.'],
    ['a kid that is not a string', () => ownHeader({ kid: [key.kid] }), 'The token was not signed by a known key.'],
  ])('refuses a token signed by the real key with %s, saying why', async (_, header, message) => {
    expect((await refusalOf(signed(header()))).message).toBe(message);
  });

  it('refuses a DER-encoded signature as not canonical, before verifying it', async () => {
    const input = `${b64(ownHeader())}.${b64(claims)}`;
    const der = sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'der' });
    expect((await refusalOf(`${input}.${der.toString('base64url')}`)).message).toBe('The token signature is not in canonical form.');
  });

  it('refuses a truncated signature as not canonical, before verifying it', async () => {
    const token = signed(ownHeader());
    const bytes = Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url');
    const truncated = `${token.slice(0, token.lastIndexOf('.') + 1)}${bytes.subarray(0, 63).toString('base64url')}`;
    expect((await refusalOf(truncated)).message).toBe('The token signature is not in canonical form.');
  });

  it('keeps the reason as the cause when the signature does not verify', async () => {
    const token = signed(ownHeader());
    const forged = signed(ownHeader(), { ...claims, permits: ['admin'] });
    const spliced = `${forged.slice(0, forged.lastIndexOf('.'))}${token.slice(token.lastIndexOf('.'))}`;
    const error = await refusalOf(spliced);
    expect(error.message).toBe('The token is invalid.');
    expect(error.cause).toMatchObject({ name: 'CompactJwsError', message: 'invalid signature' });
  });
});
