// What an app's guarded route sees of the caller's directory attributes: alice's department, read
// through @CurrentIdentity() in a route of the demo, from the access token alone.
import { Controller, Get, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CurrentIdentity, type Identity } from '@stepgate/auth';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoModule } from '../../apps/demo/src/demo.module';
import { demoTestConfig } from './support/demo-app';
import { bearer, expectProblem } from './support/problem';

@Controller('demo/probe')
class AttributesProbeController {
  @Get('department')
  department(@CurrentIdentity() identity: Identity) {
    return { department: identity.attributes?.department ?? null };
  }
}

describe('identity attributes reach a guarded route of the demo', () => {
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  beforeAll(async () => {
    // As startDemo does: in the keycloak project the department comes from the realm's user attributes.
    const demo = DemoModule.register(demoTestConfig());
    const moduleRef = await Test.createTestingModule({ imports: [demo], controllers: [AttributesProbeController] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    http = request((await app.getUrl()).replace('[::1]', '127.0.0.1'));
  });
  afterAll(() => app?.close());

  const tokenOf = async (username: string) => (await http.post('/auth/login').send({ username, password: `${username}-demo-password` })).body.access_token as string;

  it('the identity’s attributes.department is the directory’s value', async () => {
    expect((await http.get('/demo/probe/department').set(bearer(await tokenOf('alice')))).body).toEqual({ department: 'research' });
    expect((await http.get('/demo/probe/department').set(bearer(await tokenOf('carol')))).body).toEqual({ department: 'sales' });
  });

  it('the route is guarded: no token, no attributes', async () => {
    expectProblem(await http.get('/demo/probe/department'), 401, 'UNAUTHENTICATED');
  });
});
