import { timingSafeEqual } from 'node:crypto';
import { AuthError, SignInStep, type StepContext, type StepResult } from '@stepgate/auth';

/** 6 digits, as the step's schema requires; `demoConfigFromEnv` checks DEMO_ACCESS_PIN against it. */
export const ACCESS_PIN_PATTERN = /^[0-9]{6}$/;

/**
 * The demo's custom second step: one access PIN shared by every user, asked after the password when
 * DEMO_ACCESS_PIN is set. It shows how an app plugs a step into the flow engine; a real PIN would be
 * per user and stored hashed.
 */
export class AccessPinStep extends SignInStep<{ pin: string }> {
  readonly key = 'access-pin';
  readonly name = 'Access PIN';
  readonly schema = {
    type: 'object',
    properties: { pin: { type: 'string', pattern: '^[0-9]{6}$' } },
    required: ['pin'],
    additionalProperties: false,
  } as const;

  private readonly expected: Buffer;

  constructor(pin: string) {
    super();
    if (!ACCESS_PIN_PATTERN.test(pin)) throw new Error('The access PIN must be 6 digits');
    this.expected = Buffer.from(pin, 'utf8');
  }

  async verify({ pin }: { pin: string }, { userId }: StepContext): Promise<StepResult> {
    // The schema fixed the length, so timingSafeEqual sees equal-length buffers and the time of the
    // comparison says nothing about how many leading digits were right.
    const given = Buffer.from(pin, 'utf8');
    if (given.length !== this.expected.length || !timingSafeEqual(given, this.expected)) {
      throw new AuthError('OTP_INVALID', 'The access PIN is incorrect.');
    }
    // A later step always has the flow's user; the engine passes it in.
    return { userId: userId!, method: 'kba' };
  }
}
