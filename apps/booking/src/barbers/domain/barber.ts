import { ValidationFailedError } from '@app/contracts';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { parseInput } from '../../shared/domain/input';
import { InvalidTimeZoneError } from './barber.errors';

export interface Barber {
  id: string;
  name: string;
  timeZone: string;
  description: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewBarber {
  name: string;
  timeZone: string;
  description: string | null;
}

const newBarberSchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  timeZone: z.string().max(100),
  description: z.string().trim().max(1000, 'must be at most 1000 characters').nullable().optional(),
});

/** IANA zone names are matched case-insensitively by Intl; store the canonical spelling. */
export function canonicalTimeZone(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 100) return null;
  // Fixed offsets ("+01:00") are not places: a barber's zone must follow its local clock changes.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value) || !IANAZone.isValidZone(value)) return null;
  return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
}

export function validateNewBarber(input: { name?: unknown; timeZone?: unknown; description?: unknown }): NewBarber {
  const parsed = parseInput(newBarberSchema, input);
  const timeZone = canonicalTimeZone(parsed.timeZone);
  if (!timeZone) throw new InvalidTimeZoneError(input.timeZone);
  return { name: parsed.name, timeZone, description: parsed.description ? parsed.description : null };
}

export interface BarberChanges {
  name?: string;
  timeZone?: string;
  description?: string | null;
  active?: boolean;
}

const barberChangesSchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
  timeZone: z.string().max(100).optional(),
  description: z.string().trim().max(1000, 'must be at most 1000 characters').nullable().optional(),
  active: z.boolean('must be true or false').optional(),
});

/** The fields of an edit that are present, checked; an edit that changes nothing is refused. */
export function validateBarberChanges(input: { name?: unknown; timeZone?: unknown; description?: unknown; active?: unknown }): BarberChanges {
  const parsed = parseInput(barberChangesSchema, {
    name: input?.name,
    timeZone: input?.timeZone,
    description: input?.description,
    active: input?.active,
  });
  const changes: BarberChanges = {};
  if (parsed.name !== undefined) changes.name = parsed.name;
  if (parsed.description !== undefined) changes.description = parsed.description ? parsed.description : null;
  if (parsed.active !== undefined) changes.active = parsed.active;
  if (parsed.timeZone !== undefined) {
    const timeZone = canonicalTimeZone(parsed.timeZone);
    if (!timeZone) throw new InvalidTimeZoneError(input.timeZone);
    changes.timeZone = timeZone;
  }
  if (Object.keys(changes).length === 0) {
    throw new ValidationFailedError([{ field: '(request)', message: 'must change at least one of name, description, timeZone, active' }]);
  }
  return changes;
}
