/**
 * The `method` values a client names a one-time code's factor by (`POST /auth/login`,
 * `/auth/otp/validate`), and the built-in step key each stands for (DESIGN.md section 4, "Steps").
 */
export const STEP_OF_OTP_METHOD = { totp: 'totp', email: 'email-otp', sms: 'sms-otp', recovery: 'recovery-code' } as const;

/** A second factor as a client names it: `totp`, `email`, `sms` or `recovery`. */
export type OtpMethod = keyof typeof STEP_OF_OTP_METHOD;

/** Every method, in the order a client should offer them. */
export const OTP_METHODS: readonly OtpMethod[] = ['totp', 'email', 'sms', 'recovery'];
