import { Transform } from 'class-transformer';

/** Trim surrounding whitespace of a string (other types pass through to fail validation). */
export const Trim = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Emails compare case-insensitively: trim and store lower-case. */
export const NormalizeEmail = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

/** Query strings arrive as strings: a whole number written in decimal becomes a number; anything else stays to fail validation. */
export const ToInt = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : value));

/** Query strings arrive as strings: "true" and "false" become booleans; anything else stays to fail validation. */
export const ToBoolean = () =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));
