// Threat: information leaks through errors. A stack trace, a file path, a library's raw message or
// an echoed password in an error body tells an attacker how the server is built and where it breaks,
// and a 5xx on hostile input is a crash an attacker can aim for.
import type { Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoUnderTest, signIn, startDemo } from '../support/demo-app';
import { expectNoLeak, expectProblemShape, PROBLEM_JSON } from '../support/problem';

const CANARY = 'Canary-Pa55word-7f3e9b';
const deep = (depth: number): unknown => (depth === 0 ? 'x' : { a: deep(depth - 1) });

type Call = (http: DemoUnderTest['http'], token: string) => Test;
const json = (path: string, body: string): Call => (http) => http.post(path).set('content-type', 'application/json').send(body);
const post = (path: string, body: unknown, authed = false): Call => (http, token) => {
  const call = http.post(path).send(body as object);
  return authed ? call.set('authorization', `Bearer ${token}`) : call;
};
const get = (path: string, authed = true): Call => (http, token) => (authed ? http.get(path).set('authorization', `Bearer ${token}`) : http.get(path));
const del = (path: string, authed = true): Call => (http, token) => (authed ? http.delete(path).set('authorization', `Bearer ${token}`) : http.delete(path));

const SWEEP: Array<[string, Call]> = [
  ['login: malformed JSON', json('/auth/login', `{"username":"alice","password":"${CANARY}"`)],
  ['login: trailing garbage', json('/auth/login', `{"username":"alice","password":"${CANARY}"} trailing`)],
  ['login: a bare number', json('/auth/login', '12345')],
  ['login: deep nesting', post('/auth/login', { username: deep(200), password: CANARY })],
  ['login: __proto__ key', json('/auth/login', `{"__proto__":{"admin":true},"username":"alice","password":"${CANARY}","x":1}`)],
  ['login: constructor key', post('/auth/login', { constructor: { prototype: {} }, username: 'alice', password: CANARY })],
  ['login: extra field beside the password', post('/auth/login', { username: 'alice', password: CANARY, otp_code: 123 })],
  ['login: overlong username', post('/auth/login', { username: 'u'.repeat(5000), password: CANARY })],
  ['login: password as an object', post('/auth/login', { username: 'alice', password: { value: CANARY } })],
  ['login: NUL bytes', post('/auth/login', { username: 'ali\u0000ce', password: `${CANARY}\u0000` })],
  ['login: huge number', json('/auth/login', `{"username":1e999,"password":"${CANARY}"}`)],
  ['login: utf-16 charset', (http) => http.post('/auth/login').set('content-type', 'application/json; charset=utf-16').send(`{"password":"${CANARY}"}`)],
  ['login: unknown charset', (http) => http.post('/auth/login').set('content-type', 'application/json; charset=klingon').send(`{"password":"${CANARY}"}`)],
  ['login: gzip body that is not gzip', (http) => http.post('/auth/login').set('content-type', 'application/json').set('content-encoding', 'gzip').send(`{"password":"${CANARY}"}`)],
  ['login: 200 kB', post('/auth/login', { username: 'alice', password: CANARY.repeat(10_000) })],
  ['login: wrong method', (http) => http.put('/auth/login').send({ username: 'alice', password: CANARY })],
  ['refresh: malformed JSON', json('/auth/refresh', '{"refresh_token":')],
  ['refresh: array', post('/auth/refresh', ['a', 'b'])],
  ['refresh: unknown token', post('/auth/refresh', { refresh_token: 'A'.repeat(43) })],
  ['refresh: non-ASCII token', post('/auth/refresh', { refresh_token: '💥'.repeat(50) })],
  ['logout: no token', post('/auth/logout', {})],
  ['logout: bad body', post('/auth/logout', { session_id: ['a'] }, true)],
  ['logout: unknown session', post('/auth/logout', { session_id: "' OR 1=1 --" }, true)],
  ['me: forged token', (http) => http.get('/auth/me').set('authorization', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')],
  ['me: kid pointing at a path', (http) => http.get('/auth/me').set('authorization', `Bearer ${Buffer.from('{"alg":"ES256","kid":"../../etc/passwd"}').toString('base64url')}.e30.x`)],
  ['sessions: no token', get('/auth/sessions', false)],
  ['sessions: delete a traversal id', del('/auth/sessions/..%2F..%2Fetc')],
  ['sessions: delete a NUL id', del('/auth/sessions/%00')],
  ['sessions: delete a bad escape', del('/auth/sessions/%zz')],
  ['sessions: delete a 500-char id', del(`/auth/sessions/${'s'.repeat(500)}`)],
  ['users: as non-admin', get('/auth/users')],
  ['demo: remove a user as non-admin', del('/demo/admin/users/00000000-0000-4000-8000-000000000000')],
  ['demo: remove with a bad escape', del('/demo/admin/users/%E0%A4%A')],
  ['demo: secure data without a token', get('/demo/secure-data', false)],
  ['unknown route', get('/auth/nothing-here')],
  ['unmounted step route', post('/auth/validate/totp', { options: { code: '123456' } })],
  ['wrong method on jwks', (http) => http.post('/auth/.well-known/jwks.json').send({})],
];

const ADMIN_SWEEP: Array<[string, Call]> = [
  ['users: page[]', get('/auth/users?page[]=1')],
  ['users: page object', get('/auth/users?page[a]=1')],
  ['users: operator injection', get('/auth/users?search[$ne]=x')],
  ['users: page 1e309', get('/auth/users?page=1e309')],
  ['users: page beyond int64', get('/auth/users?page=99999999999999999999')],
  ['users: negative size', get('/auth/users?page_size=-5')],
];

describe.each(['express', 'fastify'] as const)('no error leaks on %s', (platform) => {
  let demo: DemoUnderTest;
  let alice: string;
  let admin: string;
  beforeAll(async () => {
    demo = await startDemo({ platform });
    alice = (await signIn(demo, 'alice')).access_token;
    admin = (await signIn(demo, 'admin')).access_token;
  });
  afterAll(() => demo?.close());

  function expectSafeRefusal(response: Awaited<Test>): void {
    expect(response.status, response.text).toBeGreaterThanOrEqual(400);
    expect(response.status, response.text).toBeLessThan(500);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expectProblemShape(response);
    expectNoLeak(response.text, [CANARY]);
    expectNoLeak(JSON.stringify(response.headers), [CANARY]);
  }

  it.each(SWEEP)('%s', async (_label, call) => {
    expectSafeRefusal(await call(demo.http, alice));
  });

  it.each(ADMIN_SWEEP)('%s', async (_label, call) => {
    expectSafeRefusal(await call(demo.http, admin));
  });

  it('still serves good requests after the sweep', async () => {
    expect((await demo.http.get('/auth/me').set('authorization', `Bearer ${alice}`)).status).toBe(200);
  });
});
