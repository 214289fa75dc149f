/**
 * The one source of "now" for every rule (is a session still usable, when does a new one
 * expire), so tests can move time without sleeping.
 */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };
