// Threat: a second token string for the same claims. ECDSA signatures are malleable: for a valid
// (r, s), (r, n - s) verifies too, and a base64url segment can spell the same bytes in more than one
// way. A twin is a fresh key for anything keyed by the token string (the verified-token cache, a
// deny-list of tokens, replay detection by token), so only the canonical form is accepted: low S
// (s <= n/2, as Bitcoin's BIP 62 and many JOSE libraries require) in canonical base64url.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoUnderTest, signIn, startDemo } from '../support/demo-app';
import { claimsOf } from '../support/jwt';
import { highLowTwin, isLowS, signRawEs256 } from '../support/jws';
import { bearer, expectProblem } from '../support/problem';

describe('non-canonical signatures are refused', () => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startDemo();
  });
  afterAll(() => demo?.close());

  const me = (token: string) => demo.http.get('/auth/me').set(bearer(token));

  it('the high-S twin of a low-S token is refused, before and after the genuine one was seen', async () => {
    const genuine = await signRawEs256(claimsOf((await signIn(demo, 'alice')).access_token));
    const twin = highLowTwin(genuine);
    expectProblem(await me(twin), 401, 'TOKEN_INVALID');
    expect((await me(genuine)).status).toBe(200);
    expectProblem(await me(twin), 401, 'TOKEN_INVALID');
  });

  it('the module only issues low-S signatures, so none of its own tokens is refused', async () => {
    // Node's signer picks s at random: about half of 24 signatures would be high-S without normalisation.
    const tokens: string[] = [];
    for (let i = 0; i < 24; i++) tokens.push((await signIn(demo, 'bob')).access_token);
    expect(tokens.filter((token) => !isLowS(token))).toEqual([]);
    for (const token of tokens.slice(0, 4)) expect((await me(token)).status).toBe(200);
  });

  it('the twin of an issued token is refused too, whichever of the two the module issued', async () => {
    const issued = (await signIn(demo, 'alice')).access_token;
    expect((await me(issued)).status).toBe(200);
    expectProblem(await me(highLowTwin(issued)), 401, 'TOKEN_INVALID');
  });

  it('a signature segment with other unused trailing bits (same bytes, another string) is refused', async () => {
    const issued = (await signIn(demo, 'alice')).access_token;
    const [header, payload, signature] = issued.split('.');
    // 64 bytes take 86 base64url characters; the last one carries 4 unused bits.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(signature.at(-1)!);
    const respelled = `${signature.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(Buffer.from(respelled, 'base64url').equals(Buffer.from(signature, 'base64url'))).toBe(true);
    expectProblem(await me(`${header}.${payload}.${respelled}`), 401, 'TOKEN_INVALID');
    expectProblem(await me(`${header}.${payload}.${signature}=`), 401, 'TOKEN_INVALID');
  });
});
