import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AuthModule, type AuthModuleOptions, AuthValidationPipe, type NewUser, UserDirectory } from '@stepgate/auth';
import { TEST_SIGNING_KEY } from './demo-app';

export interface AuthModuleApp {
  readonly app: INestApplication;
  readonly http: ReturnType<typeof request>;
}

/**
 * AuthModule alone, booted as an app would boot it, with `users` created through its directory.
 * argon2 runs with tiny parameters: the suites drive flows, not the hash's cost.
 */
export async function startAuthModuleApp(options: Omit<AuthModuleOptions, 'signingKey'>, users: readonly NewUser[] = []): Promise<AuthModuleApp> {
  const module = await Test.createTestingModule({
    imports: [AuthModule.forRoot({ signingKey: { privateKey: TEST_SIGNING_KEY }, password: { memoryCost: 1024, timeCost: 1 }, ...options })],
  }).compile();
  const app = module.createNestApplication({ logger: false });
  app.useGlobalPipes(new AuthValidationPipe());
  try {
    await app.init();
    for (const user of users) await app.get(UserDirectory).create(user);
  } catch (error) {
    await app.close();
    throw error;
  }
  return { app, http: request(app.getHttpServer()) };
}
