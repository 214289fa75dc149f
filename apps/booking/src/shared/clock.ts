/**
 * The one source of "now" for every use case, so tests can move time (a hold lapsing, a
 * new day's slots) without sleeping. The database's own now() is never used for a rule.
 */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };
