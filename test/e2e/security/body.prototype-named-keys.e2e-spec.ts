// Threat: a field the route does not declare getting past forbidNonWhitelisted because its name is
// a member of Object.prototype (`toString`, `hasOwnProperty`, `constructor`): class-validator's
// whitelist finds the prototype's member and takes the key for a declared one. Any extra field
// must fail loudly, on the module's routes and on the app's own DTOs alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoUnderTest, signIn, startDemo } from '../support/demo-app';
import { bearer, expectFieldError } from '../support/problem';

const PROTOTYPE_NAMES = ['toString', 'valueOf', 'hasOwnProperty', 'constructor', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString'];

describe('keys named like Object.prototype members', () => {
  let demo: DemoUnderTest;
  let token: string;
  beforeAll(async () => {
    demo = await startDemo();
    token = (await signIn(demo, 'alice')).access_token;
  });
  afterAll(() => demo?.close());

  it.each(PROTOTYPE_NAMES)('a body with "%s" is refused, naming it', async (key) => {
    const login = await demo.http.post('/auth/login').send({ username: 'alice', password: 'wrong-password', [key]: 'x' });
    expectFieldError(login, key);
    const created = await demo.http.post('/demo/documents').set(bearer(token)).send({ title: 'Minutes', [key]: 'x' });
    expectFieldError(created, key);
  });

  it.each(PROTOTYPE_NAMES)('a query string with "%s" is refused, naming it', async (key) => {
    expectFieldError(await demo.http.get(`/demo/documents?${key}=1`).set(bearer(token)), key);
  });

  it('declared fields still pass', async () => {
    expect((await demo.http.post('/demo/documents').set(bearer(token)).send({ title: 'Minutes' })).status).toBe(201);
    expect((await demo.http.get('/demo/documents?page=1&page_size=5').set(bearer(token))).status).toBe(200);
  });
});
