// Threat: a token verified by the wrong verifier, or a verifier's result that the guards misread.
// The verifier is chosen by `iss` (two for one issuer is a start-up error), and whatever it returns
// must describe a caller the guards can read safely: a string of groups would pass `@RequireGroups`
// by substring, and a missing `sessionChecked` must not skip the session check.
import { describe, expect, it } from 'vitest';
import { AccessTokenVerifier, VerifiedAccess } from '../../ports/access-token-verifier';
import { AccessTokenVerifiers } from './access-token-verifiers';

const NOW = new Date('2025-01-01T00:00:00Z');
const access = (source: string): VerifiedAccess => ({
  source,
  identity: { userId: 'u-1', username: 'ann', groups: ['staff'] },
  sessionId: 's-1',
  sessionChecked: true,
  acr: '1',
  amr: ['pwd'],
  authTime: 1_735_689_600,
  expiresAt: 1_735_690_000,
  claims: {},
});

class StubVerifier extends AccessTokenVerifier {
  constructor(
    readonly issuer: string,
    private readonly result: (token: string) => VerifiedAccess = () => access(issuer),
  ) {
    super();
  }
  async verify(token: string): Promise<VerifiedAccess> {
    return this.result(token);
  }
}

const tokenFrom = (iss: unknown) => `e30.${Buffer.from(JSON.stringify({ iss })).toString('base64url')}.sig`;

describe('AccessTokenVerifiers', () => {
  it('picks the verifier by the token’s iss', async () => {
    const verifiers = new AccessTokenVerifiers([new StubVerifier('stepgate'), new StubVerifier('https://sso.example/realms/acme')]);
    await expect(verifiers.verify(tokenFrom('stepgate'), NOW)).resolves.toMatchObject({ source: 'stepgate' });
    await expect(verifiers.verify(tokenFrom('https://sso.example/realms/acme'), NOW)).resolves.toMatchObject({ source: 'https://sso.example/realms/acme' });
  });

  it.each([['an unknown iss', tokenFrom('https://evil.example')], ['no iss', tokenFrom(undefined)], ['an iss that is not a string', tokenFrom(['stepgate'])], ['garbage', 'a.b.c'], ['one segment', 'abc']])(
    'refuses %s with TOKEN_INVALID when several issuers are trusted',
    async (_label, token) => {
      const verifiers = new AccessTokenVerifiers([new StubVerifier('stepgate'), new StubVerifier('other')]);
      await expect(verifiers.verify(token, NOW)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    },
  );

  it('refuses two verifiers for one issuer at start-up', () => {
    expect(() => new AccessTokenVerifiers([new StubVerifier('stepgate'), new StubVerifier('stepgate')])).toThrow(/issuer "stepgate"/);
  });

  it.each([
    ['groups as a string', { identity: { userId: 'u-1', username: 'ann', groups: 'admin' } }],
    ['a group that is not a string', { identity: { userId: 'u-1', username: 'ann', groups: ['staff', 1] } }],
    ['no user id', { identity: { userId: '', username: 'ann', groups: [] } }],
    ['no sessionChecked', { sessionChecked: undefined }],
    ['no expiry', { expiresAt: Number.NaN }],
  ])('refuses a verifier’s result with %s', async (_label, change) => {
    const verifiers = new AccessTokenVerifiers([new StubVerifier('stepgate', () => ({ ...access('stepgate'), ...change }) as unknown as VerifiedAccess)]);
    await expect(verifiers.verify(tokenFrom('stepgate'), NOW)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });
});
