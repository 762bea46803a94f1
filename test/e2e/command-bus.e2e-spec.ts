import { Injectable, Module } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import {
  AuthenticateAccessTokenQuery,
  AuthenticateWithCredentialsCommand,
  AuthError,
  AuthModule,
  memoryPersistence,
  RefreshTokensCommand,
  CompletedSignIn,
  UserDirectory,
} from '@stepgate/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completed } from '@stepgate/auth/testing';
import { TEST_SIGNING_KEY } from './support/demo-app';

/** An app's own service: it signs users in without any HTTP, on the CommandBus Nest injects into it. */
@Injectable()
class KioskSignIn {
  constructor(
    readonly commands: CommandBus,
    readonly directory: UserDirectory,
  ) {}

  signIn(username: string, password: string): Promise<CompletedSignIn> {
    return this.commands.execute(new AuthenticateWithCredentialsCommand(username, password, { clientAddress: 'kiosk-7' })).then(completed);
  }

  refresh(refreshToken: string): Promise<CompletedSignIn> {
    return this.commands.execute(new RefreshTokensCommand(refreshToken));
  }
}

@Module({
  imports: [AuthModule.forRoot({ signingKey: { privateKey: TEST_SIGNING_KEY }, persistence: memoryPersistence() })],
  providers: [KioskSignIn],
})
class KioskModule {}

describe('commands on the app’s own CommandBus, without HTTP', () => {
  let moduleRef: TestingModule;
  let kiosk: KioskSignIn;
  let userId: string;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({ imports: [KioskModule] }).compile();
    await moduleRef.init();
    kiosk = moduleRef.get(KioskSignIn);
    ({ userId } = await kiosk.directory.create({ username: 'Carol', password: 'carol-password-1', groups: ['staff'] }));
  });
  afterAll(() => moduleRef?.close());

  it('injects the CommandBus the module’s handlers are registered on', () => {
    expect(kiosk.commands).toBe(moduleRef.get(CommandBus));
  });

  it('signs a user created through UserDirectory in: AuthenticateWithCredentialsCommand → CompletedSignIn', async () => {
    const result = await kiosk.signIn('carol', 'carol-password-1');
    expect(result.status).toBe('complete');
    expect(result.identity).toMatchObject({ userId, username: 'carol', groups: ['staff'] });
    expect(result.tokens.accessTokenExpiresIn).toBe(900);
    expect(result.tokens.refreshToken).toEqual(expect.any(String));
    expect(result.tokens.sessionId).toEqual(expect.any(String));
    const caller = await moduleRef.get(QueryBus).execute(new AuthenticateAccessTokenQuery(result.tokens.accessToken));
    expect(caller).toMatchObject({ identity: { userId, groups: ['staff'] }, sessionId: result.tokens.sessionId, amr: ['pwd'] });
  });

  it('rotates with RefreshTokensCommand → a new CompletedSignIn for the same session', async () => {
    const first = await kiosk.signIn('carol', 'carol-password-1');
    const second = await kiosk.refresh(first.tokens.refreshToken);
    expect(second.status).toBe('complete');
    expect(second.tokens.sessionId).toBe(first.tokens.sessionId);
    expect(second.tokens.refreshToken).not.toBe(first.tokens.refreshToken);
    expect(second.identity.userId).toBe(userId);
    await expect(kiosk.refresh(first.tokens.refreshToken)).rejects.toMatchObject({ code: 'REFRESH_TOKEN_REUSED' });
  });

  it('throws AuthError with a stable code for a wrong password', async () => {
    const failure = await kiosk.signIn('carol', 'wrong').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AuthError);
    expect(failure).toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });
});
