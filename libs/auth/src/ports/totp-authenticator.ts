/** RFC 6238 parameters; the defaults are what authenticator apps assume. */
export interface TotpParameters {
  /** @default 6 */
  readonly digits?: 6 | 7 | 8;
  /** @default 30 */
  readonly periodSeconds?: number;
  /** @default 'sha1' */
  readonly algorithm?: 'sha1' | 'sha256' | 'sha512';
}

/** What `verify` needs besides the secret and the code. */
export interface TotpCheck {
  readonly now: Date;
  /** Time steps accepted before and after the current one (±1 by default: clock drift). */
  readonly window: number;
  /** Codes of this step and earlier ones are refused (replay). */
  readonly afterTimeStep?: number;
}

/** TOTP (RFC 6238) over base32 secrets, the algorithm behind authenticator apps. */
export abstract class TotpAuthenticator {
  /** A new random secret, base32, at least 160 bits (RFC 4226 section 4). */
  abstract newSecret(): string;

  /** The `otpauth://totp/...` URI an authenticator app reads from the QR code. */
  abstract keyUri(input: { issuer: string; label: string; secret: string }): string;

  /** The code for `secret` at `now` (tests and the RFC vectors). */
  abstract generate(secret: string, now: Date): Promise<string>;

  /** The time step `code` matches inside the window and after `afterTimeStep`, or undefined. */
  abstract verify(secret: string, code: string, check: TotpCheck): Promise<number | undefined>;
}
