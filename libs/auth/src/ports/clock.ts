/** The time, as the module sees it. Tests replace it with a fixed clock instead of sleeping. */
export abstract class Clock {
  abstract now(): Date;
}
