// Threat: look-alike usernames. If `alice`, `ａlice` (fullwidth), `ALICE`, `alice\u200B` and
// `" alice"` were different names, one person could hold several look-alike accounts, and an
// attacker could spread guesses over "different" accounts that all reach alice's password.
import { afterEach, describe, expect, it } from 'vitest';
import { uniqueTag } from '@stepgate/auth/testing';
import { DEMO_PASSWORDS, DemoUnderTest, signIn, startDemo } from '../support/demo-app';
import { bearer, expectFieldError, expectProblem } from '../support/problem';
import { removeTaggedUsers } from '../support/tagged-users';

/** `text` with its ASCII letters and digits in their fullwidth forms (U+FF10-U+FF5A). */
const fullwidth = (text: string) => text.replace(/[0-9A-Za-z]/g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0));

// In the keycloak project a created user lands in the shared realm: named with this tag, removed by it.
const tag = uniqueTag();

describe('usernames are one name however they are typed', () => {
  let demo: DemoUnderTest | undefined;
  afterEach(async () => {
    await removeTaggedUsers(demo, tag);
    await demo?.close();
    demo = undefined;
  });

  const login = (username: string, password: string) => demo!.http.post('/auth/login').send({ username, password });

  it.each(['ＡＬＩＣＥ', 'ａlice', 'Alice', 'alice\u200B', ' alice ', '\u00ADalice'])('signing in as %j finds alice', async (typed) => {
    demo = await startDemo();
    const response = await login(typed, DEMO_PASSWORDS.alice);
    expect(response.status, response.text).toBe(200);
    expect(response.body.user.username).toBe('alice');
  });

  it('failures under every look-alike count on alice’s one account counter', async () => {
    demo = await startDemo({ signInThrottle: { perAccount: { limit: 3 }, perClient: { limit: 1000 } } });
    for (const typed of ['ＡＬＩＣＥ', 'alice\u200B', ' alice']) expectProblem(await login(typed, 'wrong-guess'), 401, 'INVALID_CREDENTIALS');
    expectProblem(await login('alice', DEMO_PASSWORDS.alice), 429, 'TOO_MANY_ATTEMPTS');
  });

  it('creating a look-alike of an existing user, or an empty or padded name, is refused', async () => {
    demo = await startDemo();
    const admin = (await signIn(demo, 'admin')).access_token;
    for (const username of ['ａlice', 'ALICE', 'alice\u200B', ' alice', 'alice ', '', '\u200B', 'ali\u0000ce']) {
      const response = await demo.http.post('/auth/users').set(bearer(admin)).send({ username, password: 'plum tree at dawn' });
      expectFieldError(response, 'username');
    }
    // A fullwidth new name is stored in its folded form and signs in under any look-alike.
    const created = await demo.http.post('/auth/users').set(bearer(admin)).send({ username: fullwidth(`DORA-${tag.toUpperCase()}`), password: 'plum tree at dawn' });
    expect(created.status, created.text).toBe(201);
    expect(created.body.username).toBe(`dora-${tag}`);
    expect((await login(`Dora-${tag}`, 'plum tree at dawn')).status).toBe(200);
  });
});
