import { afterAll, beforeAll, describe, it } from 'vitest';
import { DemoUnderTest, signIn, startDemo } from './support/demo-app';

describe.each(['express', 'fastify'] as const)('probe %s', (platform) => {
  let demo: DemoUnderTest;
  beforeAll(async () => { demo = await startDemo({ platform }); });
  afterAll(() => demo?.close());
  it('probes', async () => {
    const show = (label: string, r: any) => console.log(platform, label, r.status, r.headers['content-type'], JSON.stringify(r.body).slice(0,300), r.headers['www-authenticate'] ?? '');
    show('text', await demo.http.post('/auth/login').set('content-type', 'text/plain').send('username=alice'));
    show('form', await demo.http.post('/auth/login').type('form').send({ username: 'alice', password: 'alice-demo-password' }));
    show('malformed', await demo.http.post('/auth/login').set('content-type', 'application/json').send('{"username":'));
    show('array', await demo.http.post('/auth/login').send([{ username: 'alice', password: 'x' }]));
    show('null', await demo.http.post('/auth/login').set('content-type', 'application/json').send('null'));
    show('huge', await demo.http.post('/auth/login').send({ username: 'a', password: 'x'.repeat(200_000) }));
    show('huge text', await demo.http.post('/auth/login').set('content-type','text/plain').send('x'.repeat(200_000)));
    show('json charset', await demo.http.post('/auth/login').set('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ username: 'alice', password: 'alice-demo-password' })));
    show('nobody', await demo.http.post('/auth/login'));
    show('logout nobody', await demo.http.post('/auth/logout').set('authorization', `Bearer ${(await signIn(demo, 'bob')).access_token}`));
    show('xml', await demo.http.post('/auth/refresh').set('content-type', 'application/xml').send('<a/>'));
  });
});
