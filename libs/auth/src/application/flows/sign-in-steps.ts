import { Injectable } from '@nestjs/common';
import { UnknownStepError } from '../../domain/auth-error';
import type { SignInStep } from '../../ports/sign-in-step';
import { AuthSettings } from '../auth-settings';
import { UsernamePasswordStep } from '../sign-in/username-password.step';
import { StepInputValidator } from './step-input-validator';
import { EmailOtpStep, RecoveryCodeStep, SmsOtpStep, TotpStep } from '../mfa/one-time-code.steps';

/** Every configured step by key, with its compiled input validator. */
@Injectable()
export class SignInSteps {
  private readonly byKey = new Map<string, SignInStep<object>>();
  private readonly validator = new StepInputValidator();

  constructor(usernamePassword: UsernamePasswordStep, totp: TotpStep, email: EmailOtpStep, sms: SmsOtpStep, recovery: RecoveryCodeStep, settings: AuthSettings) {
    const given = new Set<string>();
    for (const step of settings.extraSteps) {
      if (given.has(step.key)) throw new Error(`Two sign-in steps share the key "${step.key}"`);
      given.add(step.key);
    }
    // The built-in second factors come in the order next_steps lists them (DESIGN.md section 4); an
    // app's step with a built-in key takes that step's place (its own TOTP, say), in that position.
    const replacing = new Map(settings.extraSteps.map((step) => [step.key, step]));
    const builtIn = [usernamePassword, totp, email, sms, recovery].map((step) => replacing.get(step.key) ?? step);
    const added = settings.extraSteps.filter((step) => !builtIn.includes(step));
    for (const step of [...builtIn, ...added]) {
      this.validator.register(step.key, step.schema);
      this.byKey.set(step.key, step);
    }
  }

  get(key: string): SignInStep<object> {
    const step = this.byKey.get(key);
    if (!step) throw new UnknownStepError(key);
    return step;
  }

  /** The step's input, checked against its schema; throws `VALIDATION_FAILED` with field errors. */
  validInput(step: SignInStep<object>, input: unknown): Record<string, unknown> {
    return this.validator.validate(step.key, input);
  }

  schemas(): Record<string, object> {
    return Object.fromEntries([...this.byKey].map(([key, step]) => [key, step.schema]));
  }

  /** The non-identifying steps this user has enrolled, in configuration order. */
  async enrolledFactors(userId: string): Promise<string[]> {
    const factors = [...this.byKey.values()].filter((step) => !step.identifies);
    const enrolled = await Promise.all(factors.map((step) => step.isEnrolled(userId)));
    return factors.filter((_, index) => enrolled[index]).map((step) => step.key);
  }
}
