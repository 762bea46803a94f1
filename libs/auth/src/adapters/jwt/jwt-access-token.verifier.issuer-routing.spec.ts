// Threat: the module's own tokens sent to the wrong verifier, or to none. Beside another issuer (a
// Keycloak realm) the module picks a verifier by the token's `iss`, so the own verifier must answer
// for exactly the issuer its tokens name: otherwise every sign-in ends in a 401 as soon as a second
// issuer is configured, or a token of one issuer is judged by the other's rules.
import { describe, expect, it } from 'vitest';
import { TokenInvalidError } from '../../domain/auth-error';
import { AccessTokenVerifiers } from '../../application/tokens/access-token-verifiers';
import { AccessTokenVerifier, type VerifiedAccess } from '../../ports/access-token-verifier';
import { TESTING_SIGNING_KEY } from '../../testing/auth-testing-module';
import { JwtAccessTokenIssuer } from './jwt-access-token.issuer';
import { JwtAccessTokenVerifier } from './jwt-access-token.verifier';
import { JwtKeyRing } from './jwt-key-ring';
import { loadSigningKey } from './signing-key';

const NOW = new Date('2026-01-01T08:00:00Z');
const OWN = 'https://id.example/stepgate';

class OtherIssuerVerifier extends AccessTokenVerifier {
  readonly issuer = 'https://keycloak.example/realms/staff';
  readonly seen: string[] = [];
  async verify(token: string): Promise<VerifiedAccess> {
    this.seen.push(token);
    throw new TokenInvalidError('The other issuer refused it.');
  }
}

async function setUp() {
  const keys = new JwtKeyRing(await loadSigningKey({ privateKey: TESTING_SIGNING_KEY }));
  const own = new JwtAccessTokenVerifier({ issuer: OWN, audience: 'api', keys, lifetimes: { stateful: 900, stateless: 300 } });
  const other = new OtherIssuerVerifier();
  const token = await new JwtAccessTokenIssuer({ issuer: OWN, audience: 'api', keys }).sign(
    { sub: 'u-1', sid: 's-1', preferred_username: 'ann', permits: ['staff'], acr: '1', amr: ['pwd'], auth_time: NOW.getTime() / 1000, session_mode: 'stateful' },
    300,
    NOW,
  );
  return { own, other, token };
}

describe('JwtAccessTokenVerifier: answers for the issuer its tokens name', () => {
  it('names the configured issuer', async () => {
    const { own } = await setUp();
    expect(own.issuer).toBe(OWN);
  });

  it('receives the module’s own tokens when another issuer is trusted beside it', async () => {
    const { own, other, token } = await setUp();
    const verifiers = new AccessTokenVerifiers([own, other]);
    await expect(verifiers.verify(token, NOW)).resolves.toMatchObject({ source: 'stepgate', sessionId: 's-1', identity: { userId: 'u-1' } });
    expect(other.seen).toEqual([]);
  });

  it('refuses a second verifier claiming the module’s issuer at start-up', async () => {
    const { own } = await setUp();
    const twin = new JwtAccessTokenVerifier({ issuer: OWN, audience: 'api', keys: new JwtKeyRing(await loadSigningKey({ privateKey: TESTING_SIGNING_KEY })), lifetimes: { stateful: 900, stateless: 300 } });
    expect(() => new AccessTokenVerifiers([own, twin])).toThrow(`Two access-token verifiers answer for the issuer "${OWN}".`);
  });
});
