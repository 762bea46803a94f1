// Threat: a token the module's key really signed, presented where or when it must not count. The
// verifier checks the signature on node:crypto and then the registered claims itself, so each of
// them is shown refusing a genuinely signed token here: another issuer or audience, a token not yet
// valid, without an expiry or past it, a header naming another algorithm than the key's (algorithm
// confusion), a payload that is not an object, extra segments. And a token signed by an independent
// JOSE library under the module's header is accepted, so the verifier reads standard JWS.
import { sign } from 'node:crypto';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { TokenExpiredError, TokenInvalidError } from '../../domain/auth-error';
import { TESTING_SIGNING_KEY } from '../../testing/auth-testing-module';
import { withLowS } from './canonical-signature';
import { JwtAccessTokenVerifier } from './jwt-access-token.verifier';
import { JwtKeyRing } from './jwt-key-ring';
import { type LoadedSigningKey, loadSigningKey } from './signing-key';

const NOW = new Date('2026-01-01T08:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

let key: LoadedSigningKey;
let verifier: JwtAccessTokenVerifier;

const CLAIMS = {
  iss: 'stepgate',
  aud: 'stepgate',
  iat: NOW_SECONDS,
  exp: NOW_SECONDS + 300,
  sub: 'u-1',
  sid: 's-1',
  preferred_username: 'ann',
  permits: ['staff'],
  acr: '1',
  amr: ['pwd'],
  auth_time: NOW_SECONDS,
  session_mode: 'stateful',
};

beforeAll(async () => {
  key = await loadSigningKey({ privateKey: TESTING_SIGNING_KEY });
  verifier = new JwtAccessTokenVerifier({ issuer: 'stepgate', audience: 'stepgate', keys: new JwtKeyRing(key), lifetimes: { stateful: 900, stateless: 300 } });
});

const ownHeader = (extra: Record<string, unknown> = {}) => ({ alg: 'ES256', kid: key.kid, typ: 'at+jwt', ...extra });

/** `payload` under `header`, signed by the module's real key (ES256, P1363, low S). */
function signed(payload: unknown, header: Record<string, unknown> = ownHeader()): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return withLowS(`${input}.${signature.toString('base64url')}`, 'ES256');
}

async function refusalOf(token: string, now = NOW): Promise<Error> {
  return verifier.verify(token, now).then(
    () => {
      throw new Error('the token was accepted');
    },
    (error: Error) => error,
  );
}

describe('JwtAccessTokenVerifier: the registered claims of a genuinely signed token', () => {
  it('control: the module’s claims under its header are accepted', async () => {
    await expect(verifier.verify(signed(CLAIMS), NOW)).resolves.toMatchObject({ sessionId: 's-1', identity: { username: 'ann' } });
  });

  it('accepts a token an independent JOSE library signed under the module’s header', async () => {
    const token = await new SignJWT(CLAIMS).setProtectedHeader(ownHeader() as never).sign(key.privateKey);
    await expect(verifier.verify(withLowS(token, 'ES256'), NOW)).resolves.toMatchObject({ sessionId: 's-1', expiresAt: CLAIMS.exp });
  });

  it('accepts an audience list that names this audience', async () => {
    await expect(verifier.verify(signed({ ...CLAIMS, aud: ['billing', 'stepgate'] }), NOW)).resolves.toMatchObject({ sessionId: 's-1' });
  });

  it.each([
    ['another issuer', { iss: 'https://elsewhere.example' }, 'The token was issued by another issuer.'],
    ['no issuer', { iss: undefined }, 'The token was issued by another issuer.'],
    ['another audience', { aud: 'billing' }, 'The token is meant for another audience.'],
    ['an audience list without this one', { aud: ['billing', 'mail'] }, 'The token is meant for another audience.'],
    ['no audience', { aud: undefined }, 'The token is meant for another audience.'],
    ['an nbf a second ahead', { nbf: NOW_SECONDS + 1 }, 'The token is not valid yet.'],
    ['an nbf that is not a number', { nbf: String(NOW_SECONDS) }, 'The token is not valid yet.'],
    ['no exp', { exp: undefined }, 'The token has no expiry.'],
    ['an exp that is a string', { exp: String(NOW_SECONDS + 300) }, 'The token has no expiry.'],
  ])('refuses %s with TOKEN_INVALID', async (_, change, message) => {
    const error = await refusalOf(signed({ ...CLAIMS, ...change }));
    expect(error).toBeInstanceOf(TokenInvalidError);
    expect(error.message).toBe(message);
  });

  it('accepts an nbf of this very second', async () => {
    await expect(verifier.verify(signed({ ...CLAIMS, nbf: NOW_SECONDS }), NOW)).resolves.toMatchObject({ sessionId: 's-1' });
  });

  it('answers TOKEN_EXPIRED from the second of exp on, and accepts the second before', async () => {
    const token = signed(CLAIMS);
    await expect(verifier.verify(token, new Date((CLAIMS.exp - 1) * 1000))).resolves.toMatchObject({ sessionId: 's-1' });
    expect(await refusalOf(token, new Date(CLAIMS.exp * 1000))).toBeInstanceOf(TokenExpiredError);
  });

  it.each([
    ['ES384', { alg: 'ES384' }],
    ['HS256', { alg: 'HS256' }],
    ['none', { alg: 'none' }],
    ['no algorithm', { alg: undefined }],
  ])('refuses a header naming %s though the ES256 key signed it, keeping the reason as the cause', async (_, change) => {
    const error = await refusalOf(signed(CLAIMS, ownHeader(change)));
    expect(error).toBeInstanceOf(TokenInvalidError);
    expect(error.cause).toMatchObject({ name: 'CompactJwsError', message: 'the header does not name ES256' });
  });

  it.each([
    ['a list', [CLAIMS]],
    ['a string', 'claims'],
    ['JSON null', null],
  ])('refuses a signed payload that is %s', async (_, payload) => {
    const error = await refusalOf(signed(payload));
    expect(error).toBeInstanceOf(TokenInvalidError);
    expect(error.cause).toMatchObject({ name: 'CompactJwsError', message: 'the payload is not a JSON object' });
  });

  it('refuses a fourth segment, though it repeats the valid signature', async () => {
    const token = signed(CLAIMS);
    const error = await refusalOf(`${token}.${token.slice(token.lastIndexOf('.') + 1)}`);
    expect(error).toBeInstanceOf(TokenInvalidError);
    expect(error.cause).toMatchObject({ name: 'CompactJwsError', message: 'not a compact JWS of three segments' });
  });
});
