import type { ThrottleWindow } from '../auth-settings';

/** The resolved MFA configuration (the module fills it from `AuthModuleOptions.mfa`). */
export class MfaSettings {
  /** The `issuer` an authenticator app shows beside the account. */
  readonly totpIssuer: string;
  /** Time steps accepted on each side of the current one. */
  readonly totpWindow: number;
  /** How long a begun TOTP setup waits for its confirming code. */
  readonly setupTtlSeconds: number;
  readonly recoveryCodeCount: number;
  /** Lifetime of an email or SMS code. */
  readonly challengeTtlSeconds: number;
  /** Codes one challenge checks before it is void. */
  readonly challengeMaxAttempts: number;
  /** Codes sent per flow, operation or reset inside the window (a resend counts). */
  readonly sendsPerBinding: ThrottleWindow;
  /** Codes sent per user inside the window, across flows: what stops SMS pumping through new flows. */
  readonly sendsPerUser: ThrottleWindow;

  constructor(values: { [K in keyof MfaSettings]: MfaSettings[K] }) {
    this.totpIssuer = values.totpIssuer;
    this.totpWindow = values.totpWindow;
    this.setupTtlSeconds = values.setupTtlSeconds;
    this.recoveryCodeCount = values.recoveryCodeCount;
    this.challengeTtlSeconds = values.challengeTtlSeconds;
    this.challengeMaxAttempts = values.challengeMaxAttempts;
    this.sendsPerBinding = values.sendsPerBinding;
    this.sendsPerUser = values.sendsPerUser;
  }
}
