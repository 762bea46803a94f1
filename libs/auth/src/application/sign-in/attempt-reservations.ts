import { AttemptCounter } from '../../ports/attempt-counter';

/** One attempt counted before its check, until its window ends. */
export interface Reservation {
  readonly key: string;
  /** Attempts counted in the window, this one included, minus those given back before it. */
  readonly count: number;
  readonly resetsAt: Date;
}

/**
 * Counts an attempt before it is checked, so parallel attempts cannot all pass a limit while their
 * checks run, and lets an attempt that turned out not to be a failure (a success, or one refused
 * before its check ran) be given back. A given-back attempt is counted under a second key tied to the
 * window it came from, so the `AttemptCounter` port needs no decrement verb and a give-back never
 * credits a later window.
 *
 * The given-back count is read before the attempt is added: it then holds only attempts that came
 * before this one, so `count` never falls below the attempts still outstanding, however requests
 * interleave. A limit checked against it cannot be overshot.
 */
export class AttemptReservations {
  constructor(private readonly counter: AttemptCounter) {}

  async reserve(key: string, windowSeconds: number, now: Date): Promise<Reservation> {
    const open = await this.counter.peek(key, now);
    const givenBack = open ? await this.counter.peek(givenBackKey(key, open.resetsAt), now) : undefined;
    const window = await this.counter.increment(key, windowSeconds, now);
    // A window that ended in between is a new one: what was given back belonged to the old one.
    const credit = open && window.resetsAt.getTime() === open.resetsAt.getTime() ? (givenBack?.count ?? 0) : 0;
    return { key, count: window.count - credit, resetsAt: window.resetsAt };
  }

  /** Uncounts the reservation: its attempt was no failure. */
  async giveBack(reservation: Reservation, now: Date): Promise<void> {
    const left = Math.ceil((reservation.resetsAt.getTime() - now.getTime()) / 1000);
    if (left <= 0) return;
    await this.counter.increment(givenBackKey(reservation.key, reservation.resetsAt), left, now);
  }

  /**
   * Forgets every attempt under `key`, and what was given back in its window: a window reopened
   * within the same millisecond would end at the same instant and must not inherit those credits.
   * Returns the cleared window, so callers can drop keys they tied to it.
   */
  async clear(key: string, now: Date): Promise<Date | undefined> {
    const open = await this.counter.peek(key, now);
    await this.counter.reset(key);
    if (open) await this.counter.reset(givenBackKey(key, open.resetsAt));
    return open?.resetsAt;
  }
}

const givenBackKey = (key: string, resetsAt: Date) => `${key}:given-back:${resetsAt.getTime()}`;

/** Seconds until the reservation's window ends, at least 1: the `Retry-After` of a refusal. */
export function secondsLeft(reservation: { readonly resetsAt: Date }, now: Date): number {
  return Math.max(1, Math.ceil((reservation.resetsAt.getTime() - now.getTime()) / 1000));
}
