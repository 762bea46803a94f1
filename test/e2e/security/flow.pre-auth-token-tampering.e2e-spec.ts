// Threat: a client forging or replaying its sign-in progress. In stateless mode the client carries
// the flow as a pre_auth_token; one it could alter would skip the PIN, swap the user or stretch the
// deadline, and one it could replay or race would complete more than one sign-in from one password.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoUnderTest } from '../support/demo-app';
import { expectProblem } from '../support/problem';
import { NextStep, PIN, startFlow, startPinDemo, submitPin } from '../support/sign-in-flow';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const HEADER = { alg: 'dir', enc: 'A256GCM', typ: 'stepgate-flow+jwe' };

function withPart(token: string, index: number, change: (part: string) => string): string {
  const parts = token.split('.');
  parts[index] = change(parts[index]);
  return parts.join('.');
}

/** One bit of the part's bytes flipped at `at` (a byte offset; negative counts from the end). */
const flipBit = (at: number) => (part: string) => {
  const bytes = Buffer.from(part, 'base64url');
  bytes[at < 0 ? bytes.length + at : at] ^= 0x01;
  return bytes.toString('base64url');
};

describe('pre_auth_token tampering and replay (stateless)', () => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startPinDemo('stateless');
  });
  afterAll(() => demo?.close());

  const pinWith = (token: string) => submitPin(demo, { pre_auth_token: token });
  const flow = () => startFlow(demo, 'stateless');

  it('has the shape the attacks below assume: five parts, header dir + A256GCM, no encrypted key', async () => {
    const parts = (await flow()).pre_auth_token!.split('.');
    expect(parts).toHaveLength(5);
    expect(JSON.parse(Buffer.from(parts[0], 'base64url').toString())).toEqual(HEADER);
    expect(parts[1]).toBe('');
  });

  it.each([
    ['protected header', 0],
    ['initialization vector', 2],
    ['ciphertext', 3],
    ['authentication tag', 4],
  ])('refuses a token with one bit flipped in its %s (401 TOKEN_INVALID), and it did not cost the flow', async (_, index) => {
    const next = await flow();
    for (const at of [0, 5, -1]) expectProblem(await pinWith(withPart(next.pre_auth_token!, index, flipBit(at))), 401, 'TOKEN_INVALID');
    expect((await submitPin(demo, next)).status).toBe(200);
  });

  it('refuses a token with bytes put into its (empty) encrypted-key part', async () => {
    const next = await flow();
    for (const key of ['AA', b64('k'.repeat(32))]) expectProblem(await pinWith(withPart(next.pre_auth_token!, 1, () => key)), 401, 'TOKEN_INVALID');
  });

  it.each([
    ['alg A256KW', { ...HEADER, alg: 'A256KW' }],
    ['alg none', { ...HEADER, alg: 'none' }],
    ['enc A128GCM', { ...HEADER, enc: 'A128GCM' }],
    ['enc A256CBC-HS512', { ...HEADER, enc: 'A256CBC-HS512' }],
    ['alg and enc swapped', { alg: 'A256GCM', enc: 'dir', typ: HEADER.typ }],
    ['a zip header', { ...HEADER, zip: 'DEF' }],
    ['typ JWT', { ...HEADER, typ: 'JWT' }],
  ])('refuses a token whose header was rewritten to %s', async (_, header) => {
    const next = await flow();
    expectProblem(await pinWith(withPart(next.pre_auth_token!, 0, () => b64(header))), 401, 'TOKEN_INVALID');
  });

  it('refuses an oversized token with 401 TOKEN_INVALID, at 4096 characters and past the cap alike', async () => {
    const token = (await flow()).pre_auth_token!;
    const padded = (length: number) => withPart(token, 3, (part) => part + 'A'.repeat(length - token.length));
    expectProblem(await pinWith(padded(4097)), 401, 'TOKEN_INVALID');
    expectProblem(await pinWith(padded(100_000)), 401, 'TOKEN_INVALID');
    expectProblem(await pinWith(padded(4096)), 401, 'TOKEN_INVALID');
  });

  it('refuses a token sealed by a server with another signing key (and so another derived key)', async () => {
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const other = await startPinDemo('stateless', { signingKeyPem: otherKey });
    try {
      const foreign = await startFlow(other, 'stateless');
      expectProblem(await pinWith(foreign.pre_auth_token!), 401, 'TOKEN_INVALID');
      expect((await submitPin(other, foreign)).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('refuses a token replayed after its sign-in completed (401 FLOW_EXPIRED)', async () => {
    const next = await flow();
    expect((await submitPin(demo, next)).status).toBe(200);
    for (let i = 0; i < 3; i++) expectProblem(await submitPin(demo, next), 401, 'FLOW_EXPIRED');
  });

  it.each([1, 2, 3])('lets exactly one of 10 parallel completions with one token succeed (round %i)', async () => {
    const next: NextStep = await flow();
    const responses = await Promise.all(Array.from({ length: 10 }, () => submitPin(demo, next, PIN)));
    const outcomes = responses.map((response) => (response.status === 200 ? 'OK' : `${response.status} ${response.body?.code}`));
    expect(outcomes.filter((outcome) => outcome === 'OK'), outcomes.join(',')).toHaveLength(1);
    for (const outcome of outcomes.filter((o) => o !== 'OK')) expect(['401 FLOW_EXPIRED', '429 TOO_MANY_ATTEMPTS']).toContain(outcome);
  });
});
