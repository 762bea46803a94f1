// The bench side of bench:flow's TOTP sign-ins: which user signs in next, and with what code. The
// server accepts a user's time step once (replay protection keeps the last accepted step), so a user
// signs in at most once per step, and a round needs as many users as it completes sign-ins in a step.
import { generateSync } from 'otplib';

/** The demo's TOTP period (RFC 6238's default); the pool itself reads the period the server reports. */
const PERIOD_SECONDS = 30;

/**
 * Users per TOTP server. In one time step a server needs a user per sign-in it completes then. It
 * completes fewer than `bound` a second (taken at the fastest hash, since a sign-in is a hash and
 * more), and it is loaded for at most a whole step, or for its warm-up and all its rounds if they
 * fell into one step. On top, one user per connection and run, picked for a sign-in that the end of
 * the run cuts off.
 */
export function totpPoolSize({ bound, rounds, seconds, connections, warmUpSeconds }) {
  const loadedSeconds = Math.min(PERIOD_SECONDS, warmUpSeconds + rounds * seconds);
  const cutOff = connections * (rounds + 2);
  return {
    users: Math.ceil(bound * loadedSeconds) + cutOff,
    sizing: `${bound.toFixed(1)} sign-ins/s (the argon2id bound at the fastest hash) × ${loadedSeconds} s (the most load one server gets in a ${PERIOD_SECONDS} s step) + ${cutOff} cut off at the ends of runs`,
  };
}

/** Hands out each user once per time step, with the code of the moment it is sent. */
export class TotpPool {
  constructor({ password, period, digits, algorithm, spentUntil, users }) {
    this.password = password;
    this.options = { period, digits, algorithm };
    this.spentUntil = spentUntil;
    // The step each user last sent a code in (or confirmed enrolment in): it is spent for them.
    this.users = users.map((user) => ({ ...user, spent: spentUntil }));
    this.cursor = 0;
    this.exhausted = 0;
    this.spentPerStep = new Map();
  }

  get size() {
    return this.users.length;
  }

  /** Milliseconds until the first step after enrolment, when every user's code is fresh. */
  msUntilReady() {
    return Math.max(0, (this.spentUntil + 1) * this.options.period * 1000 - Date.now());
  }

  /** A user whose code of the current step is unspent, or undefined (counted) when there is none. */
  take() {
    const step = this.stepAt(Date.now());
    for (let scanned = 0; scanned < this.users.length; scanned++) {
      const user = this.users[this.cursor];
      this.cursor = (this.cursor + 1) % this.users.length;
      if (user.spent < step) {
        this.spend(user, step);
        return user;
      }
    }
    this.exhausted++;
    return undefined;
  }

  /**
   * The user's current code. Its step is spent from now on: when a step began since `take`, the
   * user is not handed out again in it.
   */
  code(user) {
    const now = Date.now();
    this.spend(user, this.stepAt(now));
    return generateSync({ secret: user.secret, epoch: Math.floor(now / 1000), ...this.options });
  }

  /** The most users spent in any one time step so far. */
  peakPerStep() {
    return Math.max(0, ...this.spentPerStep.values());
  }

  stepAt(milliseconds) {
    return Math.floor(milliseconds / 1000 / this.options.period);
  }

  spend(user, step) {
    if (user.spent >= step) return;
    user.spent = step;
    this.spentPerStep.set(step, (this.spentPerStep.get(step) ?? 0) + 1);
  }
}
