// Threat: a correctly signed token whose claims are read loosely. The signature proves who signed,
// not that the claims have the shape the module writes: an old release, a bug or a key shared with
// another issuer can sign claims of another kind. Each case names the claim and the exact refusal
// the client is shown, so a check that stops working cannot hide behind a later one.
import { describe, expect, it } from 'vitest';
import { TokenInvalidError } from '../../domain/auth-error';
import { CLOCK_LEEWAY_SECONDS, readOwnClaims } from './own-access-claims';

const NOW = 1_767_254_400;
const LIMITS = { stateful: 900, stateless: 300 };
const claims = (change: Record<string, unknown> = {}): Record<string, unknown> => ({
  sub: 'u-1',
  sid: 's-1',
  preferred_username: 'ann',
  iat: NOW,
  exp: NOW + 300,
  auth_time: NOW - 10,
  session_mode: 'stateful',
  permits: ['staff'],
  acr: '1',
  amr: ['pwd'],
  ...change,
});

function refusalOf(payload: Record<string, unknown>): string {
  try {
    readOwnClaims(payload, LIMITS, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(TokenInvalidError);
    expect(error).toMatchObject({ code: 'TOKEN_INVALID' });
    return (error as Error).message;
  }
  throw new Error('the claims were accepted');
}

describe('readOwnClaims: only claims of the shape the module issues are read', () => {
  it('control: the claims the module issues are read as they are', () => {
    const access = readOwnClaims(claims({ email: 'ann@example.com', attributes: { department: 'research' } }), LIMITS, NOW);
    expect(access).toEqual({
      source: 'stepgate',
      identity: { userId: 'u-1', username: 'ann', email: 'ann@example.com', groups: ['staff'], attributes: { department: 'research' } },
      sessionId: 's-1',
      sessionChecked: true,
      acr: '1',
      amr: ['pwd'],
      authTime: NOW - 10,
      expiresAt: NOW + 300,
      claims: expect.objectContaining({ sub: 'u-1' }),
    });
  });

  it('leaves email and attributes out of the identity when the token carries none', () => {
    const { identity } = readOwnClaims(claims(), LIMITS, NOW);
    expect(Object.hasOwn(identity, 'email')).toBe(false);
    expect(Object.hasOwn(identity, 'attributes')).toBe(false);
  });

  // An empty sub or sid would name no user or no session, and a list ['u-1'] would be read as one.
  it.each([
    ['an empty sub', { sub: '' }],
    ['no sub', { sub: undefined }],
    ['a sub given as a list', { sub: ['u-1'] }],
    ['a numeric sub', { sub: 1 }],
    ['an empty sid', { sid: '' }],
    ['no sid', { sid: undefined }],
    ['a sid given as a list', { sid: ['s-1'] }],
  ])('refuses %s', (_, change) => {
    expect(refusalOf(claims(change))).toBe('The token lacks required claims.');
  });

  // A string `permits` would pass `includes('admin')` for 'superadmin'; a list with a number in it
  // would reach the group checks as something other than a group name.
  it.each([
    ['permits given as a string', { permits: 'staff' }],
    ['permits with a number in the list', { permits: ['staff', 1] }],
    ['no permits', { permits: undefined }],
    ['amr given as a string', { amr: 'pwd' }],
    ['amr with a number in the list', { amr: ['pwd', 1] }],
    ['acr given as a number', { acr: 1 }],
    ['no acr', { acr: undefined }],
  ])('refuses %s', (_, change) => {
    expect(refusalOf(claims(change))).toBe('The token has malformed permits, amr or acr.');
  });

  it('refuses a username that is not a string', () => {
    expect(refusalOf(claims({ preferred_username: 42 }))).toBe('The token lacks required claims.');
    expect(refusalOf(claims({ preferred_username: undefined }))).toBe('The token lacks required claims.');
  });

  it('refuses an email that is not a string', () => {
    expect(refusalOf(claims({ email: 42 }))).toBe('The token has a malformed email.');
    expect(refusalOf(claims({ email: null }))).toBe('The token has a malformed email.');
  });

  it.each([
    ['null', null],
    ['a list of strings', ['research']],
    ['a map with one value that is not a string', { department: 'research', level: 7 }],
    ['a string', 'research'],
    ['a number', 7],
  ])('refuses attributes given as %s', (_, attributes) => {
    expect(refusalOf(claims({ attributes }))).toBe('The token has malformed attributes.');
  });

  // A misspelt mode must not reach the session check: with no lifetime known for it, the token
  // would also escape the lifetime cap.
  it.each(['STATEFUL', 'Stateless', 'stateless ', '', 1, null, undefined])('refuses the session mode %j', (sessionMode) => {
    expect(refusalOf(claims({ session_mode: sessionMode, exp: NOW + 86_400 * 365 }))).toBe('The token names no known session mode.');
  });

  it.each([
    ['an auth_time with a fraction', { auth_time: NOW + 0.5 }],
    ['an iat beyond the safe integers', { iat: 2 ** 53 }],
    ['an exp given as text', { exp: String(NOW + 300) }],
  ])('refuses %s', (_, change) => {
    expect(refusalOf(claims(change))).toBe('The token lacks required time claims.');
  });

  it(`accepts an iat up to ${CLOCK_LEEWAY_SECONDS} s ahead of this clock, and refuses one a second further`, () => {
    expect(CLOCK_LEEWAY_SECONDS).toBe(30);
    expect(readOwnClaims(claims({ iat: NOW + 30, exp: NOW + 330 }), LIMITS, NOW).expiresAt).toBe(NOW + 330);
    expect(refusalOf(claims({ iat: NOW + 31, exp: NOW + 331 }))).toBe('The token was issued in the future.');
  });

  it.each([
    ['stateful', 900],
    ['stateless', 300],
  ])('accepts a %s lifetime up to its limit plus the leeway, and refuses one a second longer', (sessionMode, limit) => {
    const live = (seconds: number) => claims({ session_mode: sessionMode, iat: NOW, exp: NOW + seconds });
    expect(readOwnClaims(live(limit + 30), LIMITS, NOW).expiresAt).toBe(NOW + limit + 30);
    expect(refusalOf(live(limit + 31))).toBe('The token lives longer than this server issues.');
  });
});
