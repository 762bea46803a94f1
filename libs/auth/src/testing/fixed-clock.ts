import { Clock } from '../ports/clock';

/**
 * A clock that moves only when told to, so expiry can be tested without sleeping.
 *
 * @default start 2026-01-01T00:00:00Z
 * @example
 * const clock = new FixedClock();
 * clock.advance(301); // an OTP challenge issued at start has now expired
 */
export class FixedClock extends Clock {
  private current: Date;

  constructor(start: Date = new Date('2026-01-01T00:00:00Z')) {
    super();
    this.current = new Date(start.getTime());
  }

  // A copy, so a caller mutating the Date it received cannot move the clock.
  now(): Date {
    return new Date(this.current.getTime());
  }

  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }

  set(date: Date): void {
    this.current = new Date(date.getTime());
  }
}
