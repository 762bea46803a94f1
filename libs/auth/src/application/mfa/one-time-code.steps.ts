import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import type { AuthenticationMethod } from '../../domain/authentication-method';
import { OtpInvalidError } from '../../domain/auth-error';
import { OtpValidatedEvent } from '../../domain/events/otp-validated.event';
import { RecoveryCodeUsedEvent } from '../../domain/events/recovery-code-used.event';
import { type OtpMethod, STEP_OF_OTP_METHOD } from '../../domain/otp-method';
import type { OtpChannel } from '../../domain/otp-challenge';
import { type JsonSchemaObject, SignInStep, type StepContext, type StepResult } from '../../ports/sign-in-step';
import { MfaProfile } from './mfa-profile';
import { OtpChallenges } from './otp-challenges';
import { RecoveryCodes } from './recovery-codes';
import { TotpCodes } from './totp-codes';

type CodeInput = { code: string };

function codeSchema(title: string, code: object) {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title,
    type: 'object',
    properties: { code },
    required: ['code'],
    additionalProperties: false,
  } as const;
}

/** Six to eight ASCII digits: what an authenticator app or a sent code shows. */
const DIGITS = { type: 'string', pattern: '^[0-9]{6,8}$' } as const;
/** Ten Crockford base32 characters, optionally grouped by a dash or spaces. */
const RECOVERY = { type: 'string', minLength: 10, maxLength: 14, pattern: '^[0-9A-Za-z][0-9A-Za-z -]{8,12}[0-9A-Za-z]$' } as const;

/** What a client is shown of a factor (its name, also its schema's title) and the RFC 8176 method it proves. */
type CodeFactor = { readonly name: string; readonly schema: JsonSchemaObject; readonly amr: AuthenticationMethod };

const factor = (name: string, code: object, amr: AuthenticationMethod): CodeFactor => ({ name, schema: codeSchema(name, code), amr });

const FACTORS: Record<OtpMethod, CodeFactor> = {
  totp: factor('Authenticator app code', DIGITS, 'otp'),
  email: factor('Code sent by email', DIGITS, 'otp'),
  sms: factor('Code sent by SMS', DIGITS, 'sms'),
  // RFC 8176 has no value for a recovery code; it is something the user keeps, like a one-time pad.
  recovery: factor('Recovery code', RECOVERY, 'otp'),
};

/**
 * A second factor checked by a one-time code. The check itself lives outside the step (TOTP,
 * recovery codes, challenges), so step-up validates the same codes without running a sign-in.
 */
abstract class OneTimeCodeStep extends SignInStep<CodeInput> {
  abstract readonly method: OtpMethod;

  constructor(
    private readonly profile: MfaProfile,
    private readonly events: EventBus,
  ) {
    super();
  }

  get key(): string {
    return STEP_OF_OTP_METHOD[this.method];
  }

  get name(): string {
    return FACTORS[this.method].name;
  }

  get schema(): JsonSchemaObject {
    return FACTORS[this.method].schema;
  }

  override async isEnrolled(userId: string): Promise<boolean> {
    return (await this.profile.of(userId)).methods.includes(this.method);
  }

  async verify({ code }: CodeInput, context: StepContext): Promise<StepResult> {
    const userId = context.userId!;
    if (!(await this.accepts(userId, code, context))) throw new OtpInvalidError();
    this.events.publish(new OtpValidatedEvent(userId, this.method, context.now, { flowId: context.flowId }));
    return { userId, method: FACTORS[this.method].amr };
  }

  /** True when the code is right; `OTP_INVALID` / `OTP_EXPIRED` may also be thrown with a reason. */
  protected abstract accepts(userId: string, code: string, context: StepContext): Promise<boolean>;
}

/** `totp`: the current code of the user's authenticator app, each time step accepted once. */
@Injectable()
export class TotpStep extends OneTimeCodeStep {
  readonly method = 'totp' as const;

  constructor(profile: MfaProfile, events: EventBus, private readonly totp: TotpCodes) {
    super(profile, events);
  }

  protected accepts(userId: string, code: string, { now }: StepContext): Promise<boolean> {
    return this.totp.verify(userId, code, now);
  }
}

/** A code sent by `POST /auth/otp/challenge` for this flow, accepted only from the channel its method names. */
// Decorated so its constructor's parameter types are recorded: the subclasses declare no constructor of their own.
@Injectable()
abstract class SentCodeStep extends OneTimeCodeStep {
  abstract override readonly method: OtpChannel;

  constructor(profile: MfaProfile, events: EventBus, private readonly challenges: OtpChallenges) {
    super(profile, events);
  }

  protected async accepts(userId: string, code: string, { now, flowId }: StepContext): Promise<boolean> {
    return (await this.challenges.verify({ kind: 'flow', flowId }, userId, code, now)) === this.method;
  }
}

/** `email-otp`: the code sent for this flow with `method: email`. */
@Injectable()
export class EmailOtpStep extends SentCodeStep {
  readonly method = 'email' as const;
}

/** `sms-otp`: the code sent for this flow with `method: sms`. */
@Injectable()
export class SmsOtpStep extends SentCodeStep {
  readonly method = 'sms' as const;
}

/** `recovery-code`: one of the user's single-use recovery codes. */
@Injectable()
export class RecoveryCodeStep extends OneTimeCodeStep {
  readonly method = 'recovery' as const;

  constructor(profile: MfaProfile, private readonly eventBus: EventBus, private readonly recovery: RecoveryCodes) {
    super(profile, eventBus);
  }

  protected async accepts(userId: string, code: string, { now }: StepContext): Promise<boolean> {
    if (!(await this.recovery.consume(userId, code, now))) return false;
    this.eventBus.publish(new RecoveryCodeUsedEvent(userId, await this.recovery.remaining(userId), now));
    return true;
  }
}
