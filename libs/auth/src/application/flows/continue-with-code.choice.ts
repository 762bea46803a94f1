import { StepOutOfOrderError, ValidationFailedError } from '../../domain/auth-error';
import type { SignInStep } from '../../ports/sign-in-step';
import { type OtpMethod, STEP_OF_OTP_METHOD } from '../../domain/otp-method';

const METHOD_OF_STEP = new Map<string, string>(Object.entries(STEP_OF_OTP_METHOD).map(([method, step]) => [step, method]));

/**
 * Which offered step checks a code sent without a step key. Picking "the first that takes a code"
 * would check a recovery code as a TOTP code (and spend a guess against the wrong factor), so the
 * client's `method` decides, and only a flow offering one code step may leave it out.
 */
export function codeStepOf(offered: readonly SignInStep<object>[], method: OtpMethod | undefined): SignInStep<object> {
  if (method !== undefined) {
    const key = STEP_OF_OTP_METHOD[method];
    const step = offered.find((candidate) => candidate.key === key);
    if (!step) throw new StepOutOfOrderError(key);
    return step;
  }
  const takingCode = offered.filter((candidate) => 'code' in candidate.schema.properties);
  if (takingCode.length === 0) throw new StepOutOfOrderError('otp');
  if (takingCode.length > 1) {
    const names = takingCode.map((step) => METHOD_OF_STEP.get(step.key) ?? step.key).join(', ');
    throw new ValidationFailedError([{ field: 'method', message: `several second factors are offered (${names}); name the one the code is for` }]);
  }
  return takingCode[0];
}
