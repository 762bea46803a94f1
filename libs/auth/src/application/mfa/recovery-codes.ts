import { Injectable } from '@nestjs/common';
import { RecoveryCodeRepository } from '../../ports/recovery-code-repository';
import { MfaSettings } from './mfa-settings';
import { OtpCodeDigest } from './otp-code-digest';
import { newRecoveryCode, normaliseRecoveryCode } from './one-time-codes';

/**
 * Single-use recovery codes: shown once, stored one row per code as an HMAC scoped to the user, and
 * spent by a conditional write, so two parallel uses of one code cannot both pass.
 */
@Injectable()
export class RecoveryCodes {
  constructor(
    private readonly codes: RecoveryCodeRepository,
    private readonly digest: OtpCodeDigest,
    private readonly settings: MfaSettings,
  ) {}

  /** New codes for the user; every earlier code is void. The plain codes exist only in this answer. */
  async issue(userId: string, now: Date): Promise<string[]> {
    const codes = Array.from({ length: this.settings.recoveryCodeCount }, () => newRecoveryCode());
    // Stored in the form `consume` normalises input to, so a code typed with or without its dash matches.
    await this.codes.replace(userId, codes.map((code) => this.digestOf(userId, normaliseRecoveryCode(code)!)), now);
    return codes;
  }

  /** True once per code: spends it when it is one of the user's unused codes. */
  async consume(userId: string, input: string, now: Date): Promise<boolean> {
    const code = normaliseRecoveryCode(input);
    if (code === undefined) return false;
    return this.codes.consume(userId, this.digestOf(userId, code), now);
  }

  remaining(userId: string): Promise<number> {
    return this.codes.countUnused(userId);
  }

  removeAll(userId: string): Promise<void> {
    return this.codes.removeAll(userId);
  }

  private digestOf(userId: string, normalisedCode: string): string {
    return this.digest.digest(`recovery:${userId}`, normalisedCode);
  }
}
