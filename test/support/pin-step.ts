import { AuthError, SignInStep, type StepContext, type StepResult } from '@stepgate/auth';

/** A second step, as an app would add one, that accepts the PIN 123456 for everyone. */
export class PinStep extends SignInStep<{ pin: string }> {
  readonly key = 'access-pin';
  readonly name = 'Access PIN';
  readonly schema = { type: 'object', properties: { pin: { type: 'string', pattern: '^[0-9]{6}$' } }, required: ['pin'], additionalProperties: false } as const;
  async verify({ pin }: { pin: string }, { userId }: StepContext): Promise<StepResult> {
    if (pin !== '123456') throw new AuthError('OTP_INVALID', 'Wrong PIN.');
    return { userId: userId!, method: 'kba' };
  }
}
