/** The channels an `OtpChallenge` is delivered over. */
export type OtpChannel = 'email' | 'sms';

/**
 * What a challenge was issued for, and so the only place its code is accepted: one sign-in flow, one
 * step-up operation, or one password reset. The binding is the challenge's key in its store: a new
 * challenge for the same binding voids the previous code.
 */
export type OtpBinding =
  | { readonly kind: 'flow'; readonly flowId: string }
  | { readonly kind: 'operation'; readonly operationId: string }
  | { readonly kind: 'password-reset'; readonly challengeId: string };

/** The store key of a binding: `flow:<id>`, `operation:<id>` or `password-reset:<id>`. */
export function bindingKeyOf(binding: OtpBinding): string {
  switch (binding.kind) {
    case 'flow':
      return `flow:${binding.flowId}`;
    case 'operation':
      return `operation:${binding.operationId}`;
    case 'password-reset':
      return `password-reset:${binding.challengeId}`;
  }
}

/** How one submitted code was received by its challenge. */
export type OtpAttemptOutcome =
  /** The code matched; the challenge is spent. */
  | { readonly outcome: 'accepted'; readonly challenge: OtpChallengeState }
  /** The code did not match; `attemptsLeft` more may be tried. */
  | { readonly outcome: 'rejected'; readonly attemptsLeft: number }
  /** Every attempt is used: the challenge is void, whatever was submitted. */
  | { readonly outcome: 'exhausted' }
  | { readonly outcome: 'expired' }
  /** No challenge for that binding (never issued, spent, or voided by a newer one). */
  | { readonly outcome: 'unknown' };

/** An `OtpChallenge` as its store keeps it. Never holds the code, only its keyed digest. */
export interface OtpChallengeState {
  readonly id: string;
  readonly userId: string;
  readonly binding: OtpBinding;
  readonly channel: OtpChannel;
  /** HMAC-SHA256 of the code under the server's key (hex); a plain hash of 10⁶ codes reverses in milliseconds. */
  readonly codeDigest: string;
  readonly expiresAt: Date;
  /** Attempts already counted, the one being checked included. */
  readonly attempts: number;
  readonly maxAttempts: number;
}

/**
 * A one-time code sent by email or SMS, bound to one flow, operation or reset and to one user.
 * Consuming counts the attempt first and compares second, so a guess is never free; stores do both
 * in one atomic operation (the memory store through `attempt`, Redis through one script).
 */
export class OtpChallenge {
  private constructor(private state: OtpChallengeState) {}

  static issue(state: Omit<OtpChallengeState, 'attempts'>): OtpChallenge {
    if (!Number.isInteger(state.maxAttempts) || state.maxAttempts < 1) throw new RangeError('maxAttempts must be a positive integer');
    return new OtpChallenge({ ...state, attempts: 0 });
  }

  static restore(state: OtpChallengeState): OtpChallenge {
    return new OtpChallenge(state);
  }

  snapshot(): OtpChallengeState {
    return this.state;
  }

  isExpired(now: Date): boolean {
    return now.getTime() >= this.state.expiresAt.getTime();
  }

  /**
   * Counts one attempt, then compares `codeDigest` with `matches` (a constant-time comparison the
   * caller supplies). The caller stores the new state, or drops the challenge when it is spent.
   */
  attempt(codeDigest: string, now: Date, matches: (a: string, b: string) => boolean): OtpAttemptOutcome {
    if (this.isExpired(now)) return { outcome: 'expired' };
    if (this.state.attempts >= this.state.maxAttempts) return { outcome: 'exhausted' };
    this.state = { ...this.state, attempts: this.state.attempts + 1 };
    if (matches(codeDigest, this.state.codeDigest)) return { outcome: 'accepted', challenge: this.state };
    const attemptsLeft = this.state.maxAttempts - this.state.attempts;
    return attemptsLeft > 0 ? { outcome: 'rejected', attemptsLeft } : { outcome: 'exhausted' };
  }
}
