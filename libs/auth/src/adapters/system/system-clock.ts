import { Clock } from '../../ports/clock';

/** The machine's clock: the default `Clock`. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
