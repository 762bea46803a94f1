import { Injectable } from '@nestjs/common';
import { InvalidCredentialsError } from '../../domain/auth-error';
import { IdentityProvider } from '../../ports/identity-provider';
import { SignInStep, StepContext, StepResult } from '../../ports/sign-in-step';
import { SignInThrottle } from './sign-in-throttle';
import { ProviderSessions } from '../sessions/provider-sessions';

/** JSON Schema (draft 2020-12) of the `username-password` step's input. */
export const USERNAME_PASSWORD_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Username and password',
  type: 'object',
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 128 },
    // The upper bound keeps an attacker from making the server hash megabytes per request.
    password: { type: 'string', minLength: 1, maxLength: 1024, format: 'password' },
  },
  required: ['username', 'password'],
  additionalProperties: false,
} as const;

/** The built-in identifying step: a password checked by the identity provider, throttled. */
@Injectable()
export class UsernamePasswordStep extends SignInStep<{ username: string; password: string }> {
  readonly key = 'username-password';
  readonly name = 'Username and password';
  readonly schema = USERNAME_PASSWORD_SCHEMA;
  override readonly identifies = true;

  constructor(
    private readonly identityProvider: IdentityProvider,
    private readonly throttle: SignInThrottle,
    private readonly providerSessions: ProviderSessions,
  ) {
    super();
  }

  async verify({ username, password }: { username: string; password: string }, { now, clientAddress, flowId }: StepContext): Promise<StepResult> {
    const found = await this.throttle.guard(
      username,
      clientAddress,
      now,
      () => this.identityProvider.authenticate(username, password),
      (found) => found !== undefined,
    );
    if (!found) throw new InvalidCredentialsError();
    const { providerSession, ...identity } = found;
    // The flow's id is the session it becomes: a logout of that session ends the provider's too.
    if (providerSession) await this.providerSessions.link(flowId, providerSession, now);
    return { userId: identity.userId, method: 'pwd', identity };
  }
}
