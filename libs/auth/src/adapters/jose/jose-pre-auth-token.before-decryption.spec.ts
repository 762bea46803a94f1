// Threat: work spent on a token that cannot be ours, and a second spelling of a genuine one. Every
// malformed token is refused by its shape before the key is touched, and the refusal's cause says
// which check refused it, for the log; a token that gets as far as decryption and fails there keeps
// the decryption error as its cause, so the log tells a forgery from a malformed request.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';
import { describe, expect, it } from 'vitest';
import { AuthSession } from '../../domain/auth-session';
import { TokenInvalidError } from '../../domain/auth-error';
import { TESTING_SIGNING_KEY } from '../../testing/auth-testing-module';
import { JosePreAuthTokenCodec, PRE_AUTH_TOKEN_TYPE } from './jose-pre-auth-token.codec';
import { derivePreAuthTokenKey } from './pre-auth-token-key';

const key = derivePreAuthTokenKey(TESTING_SIGNING_KEY);
const codec = new JosePreAuthTokenCodec(key);
const now = new Date('2026-01-01T08:00:00.000Z');
const HEADER = { alg: 'dir', enc: 'A256GCM', typ: PRE_AUTH_TOKEN_TYPE };
const b64 = (text: string) => Buffer.from(text).toString('base64url');

function sealed(): Promise<string> {
  const flow = AuthSession.start({ id: randomUUID(), userId: randomUUID(), mode: 'stateless', now, expiresAt: new Date(now.getTime() + 300_000) });
  flow.completeStep('username-password', 'pwd', now);
  return codec.seal(flow.toState());
}

const sealBytes = (plaintext: Uint8Array) => new CompactEncrypt(plaintext).setProtectedHeader(HEADER).encrypt(key);

function replacePart(token: string, index: number, value: string): string {
  const parts = token.split('.');
  parts[index] = value;
  return parts.join('.');
}

async function causeOf(token: string): Promise<unknown> {
  const error = await codec.open(token).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(TokenInvalidError);
  expect(error).toMatchObject({ code: 'TOKEN_INVALID' });
  return (error as Error).cause;
}

describe('JosePreAuthTokenCodec: malformed tokens are refused before decryption', () => {
  it.each([
    ['a sixth part after a genuine token', (token: string) => `${token}.AAAA`, 'not five parts'],
    ['a content key in the encrypted-key part', (token: string) => replacePart(token, 1, b64('k'.repeat(32))), 'encoding'],
    ['an empty initialization vector', (token: string) => replacePart(token, 2, ''), 'encoding'],
    ['an empty ciphertext', (token: string) => replacePart(token, 3, ''), 'encoding'],
    ['base64 padding on the tag', (token: string) => `${token}==`, 'encoding'],
    ['a header that is not JSON', (token: string) => replacePart(token, 0, b64('{"alg":"dir"')), 'header is not JSON'],
  ])('refuses %s, saying why', async (_, change, reason) => {
    const cause = await causeOf(change(await sealed()));
    expect((cause as Error).message).toBe(`pre_auth_token refused before decryption: ${reason}`);
  });

  it('keeps the decryption error as the cause of a well-formed token the key does not open', async () => {
    const otherSigningKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const other = new JosePreAuthTokenCodec(derivePreAuthTokenKey(otherSigningKey));
    const flow = AuthSession.start({ id: randomUUID(), userId: randomUUID(), mode: 'stateless', now, expiresAt: new Date(now.getTime() + 300_000) });
    expect(await causeOf(await other.seal(flow.toState()))).toMatchObject({ code: 'ERR_JWE_DECRYPTION_FAILED' });
  });

  it('keeps the parse error as the cause of a sealed plaintext that is not JSON', async () => {
    expect(await causeOf(await sealBytes(new TextEncoder().encode('{"id":')))).toBeInstanceOf(SyntaxError);
  });

  it('refuses a sealed payload that is not valid UTF-8, rather than reading it with replacement characters', async () => {
    const genuine = await sealed();
    const { plaintext } = await compactDecrypt(genuine, key);
    // Replace one character of the user id with a lone continuation byte, inside a JSON string.
    const json = Buffer.from(plaintext);
    const at = json.indexOf('"userId":"') + '"userId":"'.length;
    json[at] = 0x80;
    const cause = await causeOf(await sealBytes(json));
    expect(cause).toBeInstanceOf(TypeError);
    expect(cause).toMatchObject({ code: 'ERR_ENCODING_INVALID_ENCODED_DATA' });
  });
});
