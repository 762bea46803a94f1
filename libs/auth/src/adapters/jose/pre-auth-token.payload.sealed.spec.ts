// Threat: a genuinely sealed payload of a shape this codec never writes (an older release, a key
// shared with something else) read as a flow anyway. A flow without a deadline, or with a date
// outside what a Date can hold, would compare as never expired; a value of the wrong kind must be
// refused as an invalid token, not crash the request.
import { CompactEncrypt } from 'jose';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../../../test/support/rejection';
import { PRE_AUTH_TOKEN_HEADER as HEADER, PRE_AUTH_TOKEN_KEY as key, pendingFlowPayload as payload } from '../../../../../test/support/sealed-flow';
import { TokenInvalidError } from '../../domain/auth-error';
import { JosePreAuthTokenCodec } from './jose-pre-auth-token.codec';
import { fromPayload } from './pre-auth-token.payload';

const codec = new JosePreAuthTokenCodec(key);

const seal = (value: unknown) => new CompactEncrypt(new TextEncoder().encode(JSON.stringify(value))).setProtectedHeader(HEADER).encrypt(key);

async function expectRefused(value: unknown, detail: string): Promise<void> {
  const error = await rejectionOf(codec.open(await seal(value)), TokenInvalidError);
  expect(error).toMatchObject({ code: 'TOKEN_INVALID' });
  expect((error.cause as Error).message).toBe(`pre_auth_token payload: ${detail}`);
}

describe('pre_auth_token payload: a sealed flow of another shape is refused', () => {
  it.each(['createdAt', 'lastUsedAt', 'expiresAt'])('refuses a flow without %s, so none lives without dates', async (field) => {
    const { [field]: _, ...rest } = payload();
    await expectRefused(rest, `missing ${field}`);
  });

  it('opens the latest and the earliest date a Date can hold', async () => {
    await expect(codec.open(await seal({ ...payload(), expiresAt: 8.64e15 }))).resolves.toMatchObject({ expiresAt: new Date(8.64e15) });
    await expect(codec.open(await seal({ ...payload(), createdAt: -8.64e15 }))).resolves.toMatchObject({ createdAt: new Date(-8.64e15) });
  });

  it.each([
    ['one millisecond past the latest Date', 8.64e15 + 1],
    ['one millisecond before the earliest Date', -8.64e15 - 1],
    ['a fraction of a millisecond', 1_767_254_400_000.5],
    ['beyond the safe integers', 2 ** 53],
  ])('refuses a deadline %s, which would be an Invalid Date', async (_, expiresAt) => {
    await expectRefused({ ...payload(), expiresAt }, 'bad expiresAt');
  });

  it.each([
    ['a string', 'totp'],
    ['an object', { 0: 'totp', length: 1 }],
  ])('refuses next steps given as %s, rather than failing on them', async (_, nextSteps) => {
    await expectRefused({ ...payload(), nextSteps }, 'bad nextSteps');
  });

  it.each([
    ['JSON null', null],
    ['a string', 'abc'],
    ['a number', 42],
    ['a list', []],
  ])('refuses a payload that is %s as not an object, rather than reading it field by field', async (_, value) => {
    await expectRefused(value, 'not an object');
  });

  it('names an unexpected field in the refusal, cut to 32 characters so a log line stays short', async () => {
    const name = `admin${'x'.repeat(100)}`;
    await expectRefused({ ...payload(), [name]: true }, `unexpected field ${name.slice(0, 32)}`);
  });

  it.each([
    ['an unknown method', 'methods', ['pwd', 'magic']],
    ['a mode given as a list', 'mode', ['stateless']],
    ['a misspelt mode', 'mode', 'Stateless'],
    ['a status given as a list', 'status', ['active']],
    ['an unknown status', 'status', 'elevated'],
  ])('refuses %s, naming the field', async (_, field, value) => {
    await expectRefused({ ...payload(), [field]: value }, `bad ${field}`);
  });

  it('opens every mode, status and method the module writes', async () => {
    const methods = ['pwd', 'otp', 'sms', 'mfa', 'kba', 'hwk', 'swk'];
    for (const mode of ['stateful', 'stateless'])
      for (const status of ['pending', 'active', 'revoked'])
        await expect(codec.open(await seal({ ...payload(), mode, status, methods }))).resolves.toMatchObject({ mode, status, methods });
  });

  it('writes no key for an absent optional field, so a payload read back has none either', () => {
    const written = payload();
    for (const absent of ['authTime', 'revokedAt', 'ip', 'userAgent']) expect(Object.hasOwn(written, absent)).toBe(false);
    expect(Object.keys(written).sort()).toEqual(['completedSteps', 'createdAt', 'expiresAt', 'id', 'lastUsedAt', 'methods', 'mode', 'nextSteps', 'status', 'userId']);
    expect(Object.keys(fromPayload(written)).sort()).toEqual(Object.keys(written).sort());
  });
});
