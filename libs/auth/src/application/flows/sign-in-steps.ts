import { Injectable } from '@nestjs/common';
import { UnknownStepError } from '../../domain/auth-error';
import type { SignInStep } from '../../ports/sign-in-step';
import { AuthSettings } from '../auth-settings';
import { UsernamePasswordStep } from '../sign-in/username-password.step';
import { StepInputValidator } from './step-input-validator';

/** Every configured step by key, with its compiled input validator. */
@Injectable()
export class SignInSteps {
  private readonly byKey = new Map<string, SignInStep<object>>();
  private readonly validator = new StepInputValidator();

  constructor(usernamePassword: UsernamePasswordStep, settings: AuthSettings) {
    for (const step of [usernamePassword, ...settings.extraSteps]) {
      if (this.byKey.has(step.key)) throw new Error(`Two sign-in steps share the key "${step.key}"`);
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
