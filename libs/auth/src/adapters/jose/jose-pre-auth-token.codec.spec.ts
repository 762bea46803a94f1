import { randomBytes, randomUUID } from 'node:crypto';
import { CompactEncrypt, type CompactJWEHeaderParameters } from 'jose';
import { describe, expect, it } from 'vitest';
import { AuthSession, AuthSessionState } from '../../domain/auth-session';
import { TokenInvalidError } from '../../domain/auth-error';
import { JosePreAuthTokenCodec, MAX_PRE_AUTH_TOKEN_LENGTH, PRE_AUTH_TOKEN_TYPE } from './jose-pre-auth-token.codec';

// Threat: in stateless mode the client carries its own sign-in progress. A client that could forge
// or alter that token would mark the second factor as done, swap in another user id, or push the
// deadline out; one that could read it would learn which factors an account has.
const key = randomBytes(32);
const codec = new JosePreAuthTokenCodec(key);
const now = new Date('2026-01-01T08:00:00.123Z');
const HEADER = { alg: 'dir', enc: 'A256GCM', typ: PRE_AUTH_TOKEN_TYPE };

function pendingFlow(extra: { ip?: string; userAgent?: string } = {}): AuthSessionState {
  const flow = AuthSession.start({ id: randomUUID(), userId: randomUUID(), mode: 'stateless', now, expiresAt: new Date(now.getTime() + 300_000), ...extra });
  flow.completeStep('username-password', 'pwd', now);
  flow.offer(['totp', 'recovery-code'], new Date(now.getTime() + 120_456));
  return flow.toState();
}

// The payload as the codec writes it, for sealing variations of it directly.
const payloadOf = (flow: AuthSessionState): Record<string, unknown> => ({
  ...flow,
  createdAt: flow.createdAt.getTime(),
  lastUsedAt: flow.lastUsedAt.getTime(),
  expiresAt: flow.expiresAt.getTime(),
});
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const sealRaw = (payload: unknown, header: CompactJWEHeaderParameters = HEADER, cek: Uint8Array = key) =>
  new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(header).encrypt(cek);

function withPart(token: string, index: number, change: (bytes: Buffer) => Buffer | string): string {
  const parts = token.split('.');
  const changed = change(Buffer.from(parts[index], 'base64url'));
  parts[index] = typeof changed === 'string' ? changed : changed.toString('base64url');
  return parts.join('.');
}

function flipBit(bytes: Buffer, at = bytes.length >> 1): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] ^= 0x01;
  return copy;
}

async function expectRefused(token: string): Promise<void> {
  await expect(codec.open(token)).rejects.toBeInstanceOf(TokenInvalidError);
  await expect(codec.open(token)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
}

describe('JosePreAuthTokenCodec: a client cannot forge or alter its sign-in progress', () => {
  it('opens exactly the flow it sealed, dates to the millisecond and absent fields still absent', async () => {
    const flow = pendingFlow();
    const opened = await codec.open(await codec.seal(flow));

    expect(opened).toEqual(flow);
    expect(opened.expiresAt).toEqual(new Date('2026-01-01T08:02:00.579Z'));
    expect(opened).toMatchObject({ completedSteps: ['username-password'], nextSteps: ['totp', 'recovery-code'], methods: ['pwd'] });
    for (const absent of ['authTime', 'revokedAt', 'ip', 'userAgent']) expect(Object.hasOwn(opened, absent)).toBe(false);
  });

  it('keeps the optional fields that are present', async () => {
    const flow = AuthSession.fromState({ ...pendingFlow({ ip: '203.0.113.7', userAgent: 'Mozilla/5.0 Firefox/140.0' }), authTime: now, revokedAt: now, status: 'revoked' });
    const token = await codec.seal(flow.toState());

    expect(await codec.open(token)).toEqual(flow.toState());
    expect(token.split('.')[1]).toBe('');
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual(HEADER);
  });

  it('does not show the user id or the steps to the client', async () => {
    const flow = pendingFlow();
    const token = await codec.seal(flow);
    const visible = token.split('.').map((part) => Buffer.from(part, 'base64url').toString('latin1')).join(' ');

    for (const secret of [flow.userId, 'username-password', 'totp']) expect(visible).not.toContain(secret);
  });

  it.each([
    ['protected header', 0],
    ['initialization vector', 2],
    ['ciphertext', 3],
    ['authentication tag', 4],
  ])('refuses a token with one bit flipped in its %s', async (_, index) => {
    const token = await codec.seal(pendingFlow());
    await expectRefused(withPart(token, index, (bytes) => flipBit(bytes)));
    await expectRefused(withPart(token, index, (bytes) => flipBit(bytes, 0)));
    await expectRefused(withPart(token, index, (bytes) => flipBit(bytes, bytes.length - 1)));
  });

  it.each([
    ['a key-wrapping alg', { ...HEADER, alg: 'A256KW' }],
    ['a weaker enc', { ...HEADER, enc: 'A128GCM' }],
    ['compression', { ...HEADER, zip: 'DEF' }],
    ['an extra parameter', { ...HEADER, kid: 'k1' }],
    ['another typ', { ...HEADER, typ: 'JWT' }],
    ['no typ', { alg: 'dir', enc: 'A256GCM' }],
    ['alg none', { ...HEADER, alg: 'none' }],
  ])('refuses a token whose header was rewritten to %s', async (_, header) => {
    const token = await codec.seal(pendingFlow());
    await expectRefused(withPart(token, 0, () => b64(header)));
  });

  it('refuses a genuinely encrypted token of another enc, even under a matching key', async () => {
    const weakKey = key.subarray(0, 16);
    await expectRefused(await sealRaw(payloadOf(pendingFlow()), { ...HEADER, enc: 'A128GCM' }, weakKey));
  });

  it('refuses a token sealed with another key', async () => {
    const other = new JosePreAuthTokenCodec(randomBytes(32));
    await expectRefused(await other.seal(pendingFlow()));
  });

  it('refuses an oversized token before decrypting it, though it is otherwise genuine', async () => {
    const padded = await sealRaw(payloadOf({ ...pendingFlow(), userAgent: 'x'.repeat(MAX_PRE_AUTH_TOKEN_LENGTH) }));
    await expectRefused(padded);
    const fitting = await sealRaw(payloadOf({ ...pendingFlow(), userAgent: 'x'.repeat(1_000) }));
    expect((await codec.open(fitting)).userAgent).toHaveLength(1_000);
    await expect(codec.seal({ ...pendingFlow(), userAgent: 'x'.repeat(MAX_PRE_AUTH_TOKEN_LENGTH) })).rejects.toThrow(/exceeds 4096/);
  });

  it('refuses another spelling of the same bytes, so one flow has one token string', async () => {
    const token = await codec.seal(pendingFlow());
    // 16 tag bytes take 22 characters; the last one carries 4 unused bits.
    const tag = token.split('.')[4];
    const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(tag.at(-1)!);
    const respelled = `${token.slice(0, -1)}${'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[last ^ 0x01]}`;
    expect(Buffer.from(respelled.split('.')[4], 'base64url')).toEqual(Buffer.from(tag, 'base64url'));

    await expectRefused(respelled);
  });

  it('refuses a content key smuggled into the encrypted-key part', async () => {
    const token = await codec.seal(pendingFlow());
    await expectRefused(withPart(token, 1, () => b64('k'.repeat(32))));
  });

  it.each([
    ['a missing field', ({ userId: _, ...rest }: Record<string, unknown>) => rest],
    ['an extra field', (payload: Record<string, unknown>) => ({ ...payload, admin: true })],
    ['a number as an id', (payload: Record<string, unknown>) => ({ ...payload, userId: 42 })],
    ['a non-string step', (payload: Record<string, unknown>) => ({ ...payload, nextSteps: ['totp', 7] })],
    ['an unknown method', (payload: Record<string, unknown>) => ({ ...payload, methods: ['magic'] })],
    ['a date as a string', (payload: Record<string, unknown>) => ({ ...payload, expiresAt: '2099-01-01' })],
    ['a null optional field', (payload: Record<string, unknown>) => ({ ...payload, authTime: null })],
    ['an unknown status', (payload: Record<string, unknown>) => ({ ...payload, status: 'elevated' })],
    ['an array', () => []],
  ])('refuses genuine encryption of a payload with %s', async (_, change) => {
    const flow = pendingFlow();
    const payload = payloadOf(flow);
    expect(await codec.open(await sealRaw(payload))).toEqual(flow);

    await expectRefused(await sealRaw(change(payload)));
  });

  it.each([
    ['an empty string', ''],
    ['garbage', 'not a token at all'],
    ['five empty parts', '....'],
    ['a JWS', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
    ['a header that is not JSON', `${b64('{alg')}..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA`],
    ['non-base64url characters', `${b64(HEADER)}..AAAA+AAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA`],
  ])('refuses %s', async (_, token) => {
    await expectRefused(token);
  });

  it('refuses a key of the wrong size at construction', () => {
    expect(() => new JosePreAuthTokenCodec(randomBytes(16))).toThrow(/32 bytes/);
  });
});
