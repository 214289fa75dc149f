import { BookingStatus, ValidationFailedError } from '@app/contracts';
import { z } from 'zod';
import { parseInput, parseInstant } from '../../shared/domain/input';

export interface CreateBookingCommand {
  slotId: string;
  serviceId: string;
  idempotencyKey: string | null;
}

const idempotencyKeySchema = z
  .string()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
  .nullable()
  .optional();

const createBookingSchema = z.object({
  slotId: z.uuid('must be a UUID'),
  serviceId: z.uuid('must be a UUID'),
  idempotencyKey: idempotencyKeySchema,
});

export function validateCreateBooking(input: unknown): CreateBookingCommand {
  const parsed = parseInput(createBookingSchema, input);
  return { slotId: parsed.slotId, serviceId: parsed.serviceId, idempotencyKey: parsed.idempotencyKey ?? null };
}

export interface RescheduleBookingCommand {
  bookingId: string;
  slotId: string;
  idempotencyKey: string | null;
}

const rescheduleBookingSchema = z.object({
  bookingId: z.uuid('must be a UUID'),
  slotId: z.uuid('must be a UUID'),
  idempotencyKey: idempotencyKeySchema,
});

export function validateRescheduleBooking(input: unknown): RescheduleBookingCommand {
  const parsed = parseInput(rescheduleBookingSchema, input);
  return { bookingId: parsed.bookingId, slotId: parsed.slotId, idempotencyKey: parsed.idempotencyKey ?? null };
}

export interface BookingListQuery {
  status?: BookingStatus;
  barberId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export const LIST_LIMIT_DEFAULT = 100;
export const LIST_LIMIT_MAX = 500;

const listSchema = z.object({
  status: z.enum(['pending_payment', 'confirmed', 'expired', 'cancelled']).optional(),
  barberId: z.uuid('must be a UUID').optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  limit: z.number().int().min(1).max(LIST_LIMIT_MAX).optional(),
  offset: z.number().int().min(0).max(1_000_000).optional(),
});

/** Filters narrow what the actor may see anyway; `from`/`to` bound the start time [from, to). */
export function validateListBookings(input: unknown): BookingListQuery {
  const parsed = parseInput(listSchema, input);
  const from = parsed.from === undefined ? undefined : parseInstant(parsed.from);
  const to = parsed.to === undefined ? undefined : parseInstant(parsed.to);
  const problems = [];
  if (from === null) problems.push({ field: 'from', message: 'must be an ISO-8601 instant' });
  if (to === null) problems.push({ field: 'to', message: 'must be an ISO-8601 instant' });
  if (problems.length > 0) throw new ValidationFailedError(problems);
  return {
    status: parsed.status,
    barberId: parsed.barberId,
    from: from ?? undefined,
    to: to ?? undefined,
    limit: parsed.limit ?? LIST_LIMIT_DEFAULT,
    offset: parsed.offset ?? 0,
  };
}
