import { AttemptCounter } from '../../ports/attempt-counter';

/** One attempt counted before its check, until its window ends. */
export interface Reservation {
  readonly key: string;
  /** Attempts counted in the window, this one included, less those given back. */
  readonly count: number;
  readonly resetsAt: Date;
}

/**
 * Counts an attempt before it is checked, so parallel attempts cannot all pass a limit while their
 * checks run, and lets an attempt that turned out not to be a failure (a success, or one refused
 * before its check ran) be given back with the counter's atomic `decrement`, which never credits a
 * later window. `count` is then the failures plus the attempts still being checked, however
 * requests interleave, so a limit checked against it cannot be overshot.
 */
export class AttemptReservations {
  constructor(private readonly counter: AttemptCounter) {}

  async reserve(key: string, windowSeconds: number, now: Date): Promise<Reservation> {
    const window = await this.counter.increment(key, windowSeconds, now);
    return { key, count: window.count, resetsAt: window.resetsAt };
  }

  /** Uncounts the reservation: its attempt was no failure. */
  giveBack(reservation: Reservation, now: Date): Promise<void> {
    return this.counter.decrement(reservation.key, reservation.resetsAt, now);
  }

  /** Forgets every attempt under `key`; returns the cleared window's end, so callers can drop keys they tied to it. */
  async clear(key: string, now: Date): Promise<Date | undefined> {
    const open = await this.counter.peek(key, now);
    await this.counter.reset(key);
    return open?.resetsAt;
  }
}

/** Seconds until the reservation's window ends, at least 1: the `Retry-After` of a refusal. */
export function secondsLeft(reservation: { readonly resetsAt: Date }, now: Date): number {
  return Math.max(1, Math.ceil((reservation.resetsAt.getTime() - now.getTime()) / 1000));
}
