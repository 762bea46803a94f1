// Threat: a claim of the wrong shape read as a permit. `@RequireGroups('staff')` must never test a
// string such as "not-staff" for a substring, a role list holding an object must not pass for one
// holding names, and the roles every user of the realm holds must grant nothing.
import { describe, expect, it } from 'vitest';
import { TokenInvalidError } from '../../domain/auth-error';
import { realmAccessOf, type RealmClaimsOptions } from './keycloak-claims';

const OPTIONS: RealmClaimsOptions = { clientId: 'stepgate-api', realmName: 'Stepgate', attributeClaims: ['department'], mfaAcrValues: [] };
const TIMES = { issuedAt: 1_800_000_000, expiresAt: 1_800_000_300 };

const ALICE = {
  sub: 'user-alice',
  sid: 'session-alice',
  jti: 'token-1',
  preferred_username: 'alice',
  email: 'alice@example.com',
  department: 'research',
  groups: ['editor', 'staff'],
  realm_access: { roles: ['default-roles-stepgate', 'offline_access', 'uma_authorization'] },
  resource_access: { account: { roles: ['manage-account'] } },
};

const access = (claims: Record<string, unknown>, options: Partial<RealmClaimsOptions> = {}) => realmAccessOf({ ...ALICE, ...claims }, { ...OPTIONS, ...options }, TIMES);

function refused(claims: Record<string, unknown>, message: string): void {
  expect(() => access(claims)).toThrow(TokenInvalidError);
  expect(() => access(claims)).toThrow(message);
}

describe('realmAccessOf: the caller a realm token describes', () => {
  it('maps a password-grant token of alice', () => {
    expect(access({})).toEqual({
      source: 'keycloak',
      identity: { userId: 'user-alice', username: 'alice', email: 'alice@example.com', groups: ['editor', 'staff'], attributes: { department: 'research' } },
      sessionId: 'session-alice',
      sessionChecked: false,
      acr: '1',
      amr: [],
      authTime: 0,
      expiresAt: TIMES.expiresAt,
      claims: { ...ALICE },
    });
  });

  it('returns a result no later code can change', () => {
    const result = access({});
    expect(Object.isFrozen(result) && Object.isFrozen(result.identity) && Object.isFrozen(result.identity.groups)).toBe(true);
  });

  it('joins groups, realm roles and this client roles, once each, without the roles every user holds', () => {
    const result = access({
      groups: ['staff', 'editor'],
      realm_access: { roles: ['default-roles-stepgate', 'offline_access', 'uma_authorization', 'auditor', 'staff'] },
      resource_access: { 'stepgate-api': { roles: ['orders:write', 'auditor'] }, account: { roles: ['manage-account'] } },
    });
    expect(result.identity.groups).toEqual(['staff', 'editor', 'auditor', 'orders:write']);
  });

  it('keeps the last segment of full group paths', () => {
    expect(access({ groups: ['/staff', '/org/research/editor'] }).identity.groups).toEqual(['staff', 'editor']);
  });

  it('gives no permits when the token carries no groups or roles', () => {
    expect(access({ groups: undefined, realm_access: undefined, resource_access: undefined }).identity.groups).toEqual([]);
  });

  it('refuses a groups claim that is a string', () => {
    refused({ groups: 'staff,editor' }, 'The token has malformed groups.');
  });

  it.each([
    ['a group that is not a string', { groups: ['staff', { name: 'admin' }] }, 'The token has malformed groups.'],
    ['an empty group', { groups: ['staff', ''] }, 'The token has malformed groups.'],
    ['a group path with no name', { groups: ['/'] }, 'The token names an empty group or role.'],
    ['realm roles that are a string', { realm_access: { roles: 'admin' } }, 'The token has malformed realm roles.'],
    ['a realm role that is not a string', { realm_access: { roles: [['admin']] } }, 'The token has malformed realm roles.'],
    ['realm_access that is a list', { realm_access: ['admin'] }, 'The token has a malformed realm_access.'],
    ['resource_access that is a string', { resource_access: 'stepgate-api' }, 'The token has a malformed resource_access.'],
    ['client access that is a list', { resource_access: { 'stepgate-api': ['admin'] } }, 'The token has a malformed client access.'],
    ['client roles that are a string', { resource_access: { 'stepgate-api': { roles: 'admin' } } }, 'The token has malformed client roles.'],
  ])('refuses %s', (_, claims, message) => {
    refused(claims, message);
  });

  it('refuses a token without a subject, or with a malformed name or email', () => {
    refused({ sub: undefined }, 'The token names no subject.');
    refused({ sub: '' }, 'The token names no subject.');
    refused({ preferred_username: 7 }, 'The token has a malformed preferred_username.');
    refused({ email: ['alice@example.com'] }, 'The token has a malformed email.');
  });

  it('names the user by sub when the token has no preferred_username, and leaves out a missing email', () => {
    const { identity } = access({ preferred_username: undefined, email: undefined });
    expect(identity.username).toBe('user-alice');
    expect('email' in identity).toBe(false);
  });

  it('copies only the configured string attributes, and refuses a multivalued one', () => {
    expect(access({ team: 'blue' }, { attributeClaims: ['team', 'site'] }).identity.attributes).toEqual({ team: 'blue' });
    refused({ department: ['research', 'sales'] }, 'The token has a malformed department.');
  });

  it('ties the token to sid, else jti, else sub (service-account tokens carry no sid)', () => {
    expect(access({ sid: undefined }).sessionId).toBe('token-1');
    expect(access({ sid: undefined, jti: undefined }).sessionId).toBe('user-alice');
    refused({ sid: 42 }, 'The token has a malformed sid or jti.');
    refused({ sid: undefined, jti: '' }, 'The token has a malformed sid or jti.');
  });

  it('reads acr, amr and auth_time, with defaults', () => {
    expect(access({ acr: '2', amr: ['pwd', 'otp'], auth_time: TIMES.issuedAt - 60 })).toMatchObject({ acr: '2', amr: ['pwd', 'otp'], authTime: TIMES.issuedAt - 60 });
    refused({ acr: 2 }, 'The token has a malformed acr or amr.');
    refused({ amr: 'otp' }, 'The token has a malformed acr or amr.');
    refused({ auth_time: 'yesterday' }, 'The token has a malformed auth_time.');
  });

  // Threat: a recent-sign-in check passed for ever. Keycloak's password-grant tokens carry no
  // auth_time and each refresh renews iat: reading iat as the sign-in would make every refreshed
  // token a fresh sign-in, whatever max_age says.
  it('gives a token without auth_time no authentication time, not its iat', () => {
    expect(access({ acr: '2', amr: ['mfa'] }).authTime).toBe(0);
  });

  it('adds mfa to amr only for the configured acr values (none by default)', () => {
    expect(access({ acr: '2' }).amr).toEqual([]);
    expect(access({ acr: '2' }, { mfaAcrValues: ['2', 'gold'] }).amr).toEqual(['mfa']);
    expect(access({ acr: '2', amr: ['otp', 'mfa'] }, { mfaAcrValues: ['2'] }).amr).toEqual(['otp', 'mfa']);
    expect(access({ acr: '1' }, { mfaAcrValues: ['2'] }).amr).toEqual([]);
  });
});
