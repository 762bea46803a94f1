import { generate, generateSecret, generateURI, verify } from 'otplib';
import { type TotpCheck, TotpAuthenticator, type TotpParameters } from '../../ports/totp-authenticator';

/**
 * Widest `window` accepted: otplib refuses a tolerance spanning more than 98 periods (its
 * MAX_WINDOW guardrail), and every extra step multiplies an online guesser's odds anyway.
 */
export const MAX_TOTP_WINDOW = 49;

/**
 * HMAC key length per algorithm: RFC 2104 section 3 advises a key at least as long as the hash
 * output, and RFC 6238 Appendix B seeds SHA-256 and SHA-512 with 32 and 64 bytes.
 */
const SECRET_BYTES = { sha1: 20, sha256: 32, sha512: 64 } as const;

/**
 * RFC 6238 TOTP through otplib, with codes screened before otplib sees them: anything but exactly
 * `digits` ASCII digits is a wrong code, never an exception and never work proportional to its size.
 *
 * @example
 * const totp = new OtplibTotpAuthenticator();
 * const step = await totp.verify(secret, '123456', { now: new Date(), window: 1, afterTimeStep: lastStep });
 */
export class OtplibTotpAuthenticator extends TotpAuthenticator {
  private readonly digits: 6 | 7 | 8;
  private readonly period: number;
  private readonly algorithm: 'sha1' | 'sha256' | 'sha512';
  private readonly codePattern: RegExp;

  constructor(parameters: TotpParameters = {}) {
    super();
    this.digits = parameters.digits ?? 6;
    this.period = parameters.periodSeconds ?? 30;
    this.algorithm = parameters.algorithm ?? 'sha1';
    if (![6, 7, 8].includes(this.digits)) throw new RangeError(`TOTP digits must be 6, 7 or 8, got ${String(this.digits)}.`);
    if (!Number.isInteger(this.period) || this.period < 1 || this.period > 3600) throw new RangeError(`TOTP periodSeconds must be a whole number from 1 to 3600, got ${String(this.period)}.`);
    if (!(this.algorithm in SECRET_BYTES)) throw new RangeError(`TOTP algorithm must be sha1, sha256 or sha512, got ${String(this.algorithm)}.`);
    this.codePattern = new RegExp(`^[0-9]{${this.digits}}$`);
  }

  newSecret(): string {
    return generateSecret({ length: SECRET_BYTES[this.algorithm] });
  }

  keyUri(input: { issuer: string; label: string; secret: string }): string {
    return generateURI({ ...input, algorithm: this.algorithm, digits: this.digits, period: this.period });
  }

  generate(secret: string, now: Date): Promise<string> {
    return generate({ secret, epoch: epochSeconds(now), ...this.options() });
  }

  async verify(secret: string, code: string, check: TotpCheck): Promise<number | undefined> {
    const { window } = check;
    if (!Number.isInteger(window) || window < 0 || window > MAX_TOTP_WINDOW) throw new RangeError(`TOTP window must be a whole number from 0 to ${MAX_TOTP_WINDOW}, got ${String(window)}.`);
    // The length test comes first so a megabyte of input costs no more than a wrong code.
    if (typeof code !== 'string' || code.length !== this.digits || !this.codePattern.test(code)) return undefined;
    const epoch = epochSeconds(check.now);
    const afterTimeStep = check.afterTimeStep === undefined || check.afterTimeStep < 0 ? undefined : Math.floor(check.afterTimeStep);
    // otplib throws when afterTimeStep lies past the window (a clock set back since the last
    // code); then every step it could match is already spent.
    if (afterTimeStep !== undefined && afterTimeStep >= Math.floor(epoch / this.period) + window) return undefined;
    const result = await verify({ secret, token: code, epoch, epochTolerance: window * this.period, afterTimeStep, ...this.options() });
    return result.valid && 'timeStep' in result ? result.timeStep : undefined;
  }

  private options() {
    return { algorithm: this.algorithm, digits: this.digits, period: this.period };
  }
}

function epochSeconds(now: Date): number {
  return Math.floor(now.getTime() / 1000);
}
