/**
 * The one source of "now" for every rule (a hold lapsing, a new day's slots, is a checkout
 * session still usable), so tests can move time without sleeping. The database's own now() is
 * never used for a rule. Apps bind `CLOCK` to `systemClock`; tests bind a clock they move.
 */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };
