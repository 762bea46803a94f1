import { Injectable, Module } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import {
  AuthenticateWithCredentialsCommand,
  AuthModule,
  ChangePasswordCommand,
  CreateUserCommand,
  type DirectoryUser,
  memoryPersistence,
  UpdateUserCommand,
  ValidationFailedError,
  WeakPasswordError,
} from '@stepgate/auth';
import { completed } from '@stepgate/auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SIGNING_KEY } from './support/demo-app';

/** An app's own onboarding service: it manages users on the CommandBus, without HTTP or a port. */
@Injectable()
class Onboarding {
  constructor(readonly commands: CommandBus) {}

  enrol(username: string, password: string, department: string): Promise<DirectoryUser> {
    return this.commands.execute(new CreateUserCommand(username, password, { groups: ['staff'], attributes: { department } }));
  }

  signIn(username: string, password: string) {
    return this.commands.execute(new AuthenticateWithCredentialsCommand(username, password)).then(completed);
  }
}

@Module({
  imports: [AuthModule.forRoot({ signingKey: { privateKey: TEST_SIGNING_KEY }, persistence: memoryPersistence() })],
  providers: [Onboarding],
})
class OnboardingModule {}

describe('user management on the app’s own CommandBus', () => {
  let moduleRef: TestingModule;
  let onboarding: Onboarding;
  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({ imports: [OnboardingModule] }).compile();
    await moduleRef.init();
    onboarding = moduleRef.get(Onboarding);
  });
  afterAll(() => moduleRef?.close());

  it('CreateUserCommand → the DirectoryUser, who signs in with AuthenticateWithCredentialsCommand', async () => {
    const user = await onboarding.enrol('Lena', 'lena first passphrase', 'research');
    expect(user).toEqual({ userId: expect.any(String), username: 'lena', groups: ['staff'], attributes: { department: 'research' }, enabled: true });

    const session = await onboarding.signIn('lena', 'lena first passphrase');
    expect(session.identity).toMatchObject({ userId: user.userId, username: 'lena', groups: ['staff'], attributes: { department: 'research' } });
  });

  it('throws a WeakPasswordError (a ValidationFailedError naming the field) for a common password', async () => {
    const failure = await onboarding.enrol('mira', 'sunshine1', 'sales').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WeakPasswordError);
    expect(failure).toBeInstanceOf(ValidationFailedError);
    expect(failure).toMatchObject({ code: 'VALIDATION_FAILED', reason: 'common', errors: [{ field: 'password' }] });
  });

  it('UpdateUserCommand and ChangePasswordCommand run from app code the same as over HTTP', async () => {
    const user = await onboarding.enrol('nils', 'nils first passphrase', 'it');
    const session = await onboarding.signIn('nils', 'nils first passphrase');

    expect((await onboarding.commands.execute(new UpdateUserCommand(user.userId, { groups: ['staff', 'editor'] }))).groups).toEqual(['staff', 'editor']);
    await onboarding.commands.execute(new ChangePasswordCommand(user.userId, session.tokens.sessionId!, 'nils first passphrase', 'nils second passphrase'));

    await expect(onboarding.signIn('nils', 'nils first passphrase')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect((await onboarding.signIn('nils', 'nils second passphrase')).identity.groups).toEqual(['staff', 'editor']);
  });
});
