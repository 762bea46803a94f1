import { availableParallelism } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Algorithm } from '@node-rs/argon2';
import { normalizePassword } from '../../domain/password-policy';
import { ServiceUnavailableError } from '../../domain/auth-error';
import { ConcurrencyLimit, QueueFullError } from './concurrency-limit';
import { HashWorkers, HashWorkersUnavailableError } from './hash-workers';

/** argon2id cost parameters and how many hashes may run at once (the `password` option). */
export interface Argon2Options {
  /** KiB. @default 19456 (OWASP Password Storage Cheat Sheet, argon2id m=19 MiB) */
  readonly memoryCost?: number;
  /** @default 2 */
  readonly timeCost?: number;
  /** @default 1 */
  readonly parallelism?: number;
  /** Hashes computed at once, each on a worker thread of its own; the rest queue. @default max(1, cores - 1) */
  readonly maxConcurrent?: number;
  /**
   * Hashes that may wait for a free slot; past it a sign-in answers 503 `SERVICE_UNAVAILABLE` with
   * `Retry-After` at once, so a burst of sign-ins cannot make everyone else's wait for seconds.
   * @default 16 × maxConcurrent (a waiting sign-in waits at most ~16 hash times: about 0.4 s at 25 ms)
   */
  readonly maxQueued?: number;
}

/**
 * argon2id hashing with OWASP parameters, bounded so sign-in bursts cannot starve other requests.
 * Passwords are hashed and verified in their NFKC form (see `normalizePassword`). The hashes run
 * on `maxConcurrent` worker threads of its own (not libuv's pool, which file and DNS work share);
 * `close()` stops them, as `AuthModule` does when the app closes.
 */
export class Argon2PasswordHasher {
  private readonly params: { algorithm: Algorithm; memoryCost: number; timeCost: number; parallelism: number };
  private readonly limit: ConcurrencyLimit;
  private readonly workers: HashWorkers;
  private dummyHash: Promise<string>;

  constructor(options: Argon2Options = {}) {
    this.params = {
      algorithm: Algorithm.Argon2id,
      memoryCost: options.memoryCost ?? 19456,
      timeCost: options.timeCost ?? 2,
      parallelism: options.parallelism ?? 1,
    };
    const maxConcurrent = options.maxConcurrent ?? Math.max(1, availableParallelism() - 1);
    const maxQueued = options.maxQueued ?? 16 * maxConcurrent;
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new Error(`password.maxConcurrent must be a positive integer, not ${maxConcurrent}`);
    if (!Number.isInteger(maxQueued) || maxQueued < 0) throw new Error(`password.maxQueued must be an integer of 0 or more, not ${maxQueued}`);
    this.workers = new HashWorkers(maxConcurrent);
    // A worker is handed its next hash before it finishes the current one, out of the queue's
    // allowance: as many sign-ins as before are admitted before one is refused.
    const handedAhead = Math.min(maxQueued, maxConcurrent * (HashWorkers.JOBS_PER_WORKER - 1));
    this.limit = new ConcurrencyLimit(maxConcurrent + handedAhead, maxQueued - handedAhead);
    // Made at start-up, so the first unknown-user sign-in does not pay for it and stand out by time.
    this.dummyHash = this.newDummyHash();
  }

  /** Resolves once the hashing threads answer (the start-up hash is done); rejects if they cannot. */
  async ready(): Promise<void> {
    await this.nobodysHash();
  }

  hash(password: string): Promise<string> {
    const normalized = normalizePassword(password);
    return this.bounded(() => this.workers.run({ op: 'hash', args: [normalized, this.params] }).catch(unavailableIfLost) as Promise<string>);
  }

  /**
   * False for a malformed stored hash as for a wrong password: a broken row must not let anyone in.
   * Hashes made before passwords were normalised hold the password as typed, so when the NFKC form
   * differs from it and does not match, the typed form is tried too. That admits nothing new: a hash
   * of an NFKC form only matches an input whose NFKC form it is.
   */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    const normalized = normalizePassword(password);
    if (await this.verifyOnce(passwordHash, normalized)) return true;
    return normalized !== password && this.verifyOnce(passwordHash, password);
  }

  /**
   * Spends the work of a failed verification against a hash nobody can match, so that a sign-in for
   * an unknown username takes as long as one with a wrong password (user enumeration by timing),
   * for a password that needs the second, as-typed try as well as for one that does not.
   */
  async verifyNobody(password: string): Promise<false> {
    await this.verify(await this.nobodysHash(), password);
    return false;
  }

  private verifyOnce(passwordHash: string, password: string): Promise<boolean> {
    // A stored hash the library cannot read refuses, as a wrong password does. A check that could
    // not run is neither: it answers 503, so a correct password is never told it is wrong.
    const check = () => this.workers.run({ op: 'verify', args: [passwordHash, password] }).then((matched) => matched === true, (error: unknown) => (error instanceof HashWorkersUnavailableError ? unavailableIfLost(error) : false));
    return this.bounded(check);
  }

  // One failed start-up hash must not fail every later unknown-user sign-in (which would tell
  // those usernames apart from known ones): a failed one is made again on the next use.
  private nobodysHash(): Promise<string> {
    return this.dummyHash.catch(() => (this.dummyHash = this.newDummyHash())).catch(unavailableIfLost);
  }

  private newDummyHash(): Promise<string> {
    const made = this.workers.run({ op: 'hash', args: [randomBytes(32).toString('base64url'), this.params] }) as Promise<string>;
    // An app closed before this hash is done fails it; whoever awaits it still sees the failure.
    made.catch(() => undefined);
    return made;
  }

  /** Stops the hashing threads; hashes asked for afterwards fail. */
  close(): Promise<void> {
    return this.workers.close();
  }

  private async bounded<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await this.limit.run(task);
    } catch (error) {
      if (!(error instanceof QueueFullError)) throw error;
      // One hash takes tens of milliseconds, so the queue drains within a second.
      throw new ServiceUnavailableError('Too many passwords are being checked; try again shortly.', { cause: error, retryAfterSeconds: 1 });
    }
  }
}

/** A job no hashing thread could run answers 503; any other failure is the library's and stays as it is. */
function unavailableIfLost(error: unknown): never {
  if (!(error instanceof HashWorkersUnavailableError)) throw error;
  throw new ServiceUnavailableError('Passwords cannot be checked right now; try again shortly.', { cause: error, retryAfterSeconds: 1 });
}
