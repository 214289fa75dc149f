import { FieldProblem } from '@app/contracts';
import { z } from 'zod';
import { parseInstant } from '../../shared/domain/input';
import { InvalidTimeRangeError } from './slot.errors';

export interface TimeOff {
  id: string;
  barberId: string;
  startsAt: Date;
  endsAt: Date;
  reason: string | null;
  createdAt: Date;
}

export const TIME_OFF_MAX_DAYS = 90;

const reasonSchema = z.string().trim().max(500).nullable().optional();

/** startsAt < endsAt, both ISO instants with an offset, at most 90 days apart; else INVALID_TIME_RANGE. */
export function validateTimeOff(input: { startsAt?: unknown; endsAt?: unknown; reason?: unknown }): Pick<
  TimeOff,
  'startsAt' | 'endsAt' | 'reason'
> {
  const problems: FieldProblem[] = [];
  const startsAt = parseInstant(input?.startsAt);
  const endsAt = parseInstant(input?.endsAt);
  if (!startsAt) problems.push({ field: 'startsAt', message: 'must be an ISO-8601 instant such as 2026-12-01T09:00:00Z' });
  if (!endsAt) problems.push({ field: 'endsAt', message: 'must be an ISO-8601 instant such as 2026-12-01T17:00:00Z' });
  if (startsAt && endsAt) {
    if (startsAt.getTime() >= endsAt.getTime()) {
      problems.push({ field: 'endsAt', message: 'must be after startsAt' });
    } else if (endsAt.getTime() - startsAt.getTime() > TIME_OFF_MAX_DAYS * 24 * 3600 * 1000) {
      problems.push({ field: 'endsAt', message: `must be at most ${TIME_OFF_MAX_DAYS} days after startsAt` });
    }
  }
  const reason = reasonSchema.safeParse(input?.reason);
  if (!reason.success) problems.push({ field: 'reason', message: 'must be text of at most 500 characters' });
  if (problems.length > 0 || !startsAt || !endsAt || !reason.success) throw new InvalidTimeRangeError(problems);
  return { startsAt, endsAt, reason: reason.data ? reason.data : null };
}
