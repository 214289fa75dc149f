import { z } from 'zod';
import { FieldProblem, ValidationFailedError } from '@app/contracts';

/*
 * @RpcHandler checks an RPC request's shape and types against its table; its values (ids,
 * dates, hours) are checked here, in the use cases, before they reach a query, so bad input
 * is a 4xx code and never a database error.
 */

const uuidSchema = z.uuid();

/** A UUID the way the contracts' event schemas accept it (and PostgreSQL can parse). */
export function isUuid(value: unknown): value is string {
  return uuidSchema.safeParse(value).success;
}

/** Field problems from a failed zod parse, named by their path ("weekly.2.end"). */
export function problemsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(request)',
    message: issue.message,
  }));
}

/** Parse `value` with `schema`, or throw VALIDATION_FAILED naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw new ValidationFailedError(problemsOf(result.error));
  return result.data;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO-8601 instant with an explicit offset ("…Z" or "…+01:00"), or null. */
export function parseInstant(value: unknown): Date | null {
  if (typeof value !== 'string' || !INSTANT.test(value)) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  // Date() rolls 2026-02-30 over to March: insist the calendar part exists as written.
  const [datePart] = value.split('T');
  const [year, month, day] = datePart.split('-').map(Number);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  const [hour, minute] = value.slice(11, 16).split(':').map(Number);
  if (hour > 23 || minute > 59) return null;
  return date;
}
