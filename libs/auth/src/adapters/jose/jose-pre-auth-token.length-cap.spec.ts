// Threat: a client that sends megabytes as its pre_auth_token makes the server parse and decrypt
// them. Tokens longer than MAX_PRE_AUTH_TOKEN_LENGTH are refused on their length alone; one at the
// cap is judged by its content, and the codec never hands out a token it would refuse.
import { randomUUID } from 'node:crypto';
import { CompactEncrypt } from 'jose';
import { describe, expect, it } from 'vitest';
import { AuthSession, type AuthSessionState } from '../../domain/auth-session';
import { TokenInvalidError } from '../../domain/auth-error';
import { TESTING_SIGNING_KEY } from '../../testing/auth-testing-module';
import { JosePreAuthTokenCodec, MAX_PRE_AUTH_TOKEN_LENGTH, PRE_AUTH_TOKEN_TYPE } from './jose-pre-auth-token.codec';
import { derivePreAuthTokenKey } from './pre-auth-token-key';
import { toPayload } from './pre-auth-token.payload';

const key = derivePreAuthTokenKey(TESTING_SIGNING_KEY);
const codec = new JosePreAuthTokenCodec(key);
const now = new Date('2026-01-01T08:00:00.000Z');
const HEADER = { alg: 'dir', enc: 'A256GCM', typ: PRE_AUTH_TOKEN_TYPE } as const;

function flowWithUserAgent(userAgent: string): AuthSessionState {
  const flow = AuthSession.start({ id: randomUUID(), userId: randomUUID(), mode: 'stateless', now, expiresAt: new Date(now.getTime() + 300_000), userAgent });
  flow.completeStep('username-password', 'pwd', now);
  flow.offer(['totp'], new Date(now.getTime() + 120_000));
  return flow.toState();
}

// header + ".." + 16-character IV + "." + ciphertext + "." + 22-character tag; GCM keeps the length.
const sealedLength = (plaintextBytes: number) => Buffer.from(JSON.stringify(HEADER)).toString('base64url').length + 42 + Math.ceil((plaintextBytes * 4) / 3);

/** A pending flow whose sealed token is exactly `length` characters long. */
function flowSealingTo(length: number): AuthSessionState {
  for (let size = 0; size < length; size++) {
    const flow = flowWithUserAgent('x'.repeat(size));
    if (sealedLength(JSON.stringify(toPayload(flow)).length) === length) return flow;
  }
  throw new Error(`no flow seals to ${length} characters`);
}

const sealRaw = (flow: AuthSessionState) => new CompactEncrypt(new TextEncoder().encode(JSON.stringify(toPayload(flow)))).setProtectedHeader(HEADER).encrypt(key);

async function refusalReason(token: unknown): Promise<string> {
  const error = await codec.open(token as string).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(TokenInvalidError);
  expect(error).toMatchObject({ code: 'TOKEN_INVALID' });
  return ((error as Error).cause as Error).message;
}

describe('JosePreAuthTokenCodec: the 4096-character cap', () => {
  it('opens a genuine token of exactly 4096 characters: the cap is not reached', async () => {
    expect(MAX_PRE_AUTH_TOKEN_LENGTH).toBe(4096);
    const flow = flowSealingTo(4096);
    const token = await sealRaw(flow);
    expect(token).toHaveLength(4096);
    await expect(codec.open(token)).resolves.toEqual(flow);
  });

  it('refuses a token of 4097 characters for its length, before looking at its content', async () => {
    const token = `${await sealRaw(flowSealingTo(4096))}A`;
    expect(token).toHaveLength(4097);
    expect(await refusalReason(token)).toBe('pre_auth_token refused before decryption: length');
  });

  it('refuses a genuine token just over the cap, though the key would open it', async () => {
    // Base64url never ends a part on a length of 4k + 1, so 4098 is the nearest genuine length above.
    const token = await sealRaw(flowSealingTo(4098));
    expect(token).toHaveLength(4098);
    expect(await refusalReason(token)).toBe('pre_auth_token refused before decryption: length');
  });

  it('seals a flow into exactly 4096 characters, and refuses to seal one that would not open', async () => {
    expect(await codec.seal(flowSealingTo(4096))).toHaveLength(4096);
    await expect(codec.seal(flowSealingTo(4098))).rejects.toThrow('A sealed flow of 4098 characters exceeds 4096');
  });

  it.each([
    ['an empty string', ''],
    ['a number', 42],
    ['undefined', undefined],
    ['an object with a length', { length: 10, split: () => [] }],
  ])('refuses %s given as the token as invalid, rather than failing on it', async (_, token) => {
    // The command bus takes the token from JavaScript callers too, past the HTTP layer's validation.
    expect(await refusalReason(token)).toBe('pre_auth_token refused before decryption: length');
  });
});
