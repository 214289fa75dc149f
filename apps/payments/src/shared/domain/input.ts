import { z } from 'zod';
import { ValidationFailedError } from '@app/contracts';

/*
 * @RpcHandler checks an RPC request's shape and types against its table; its values (ids,
 * amounts, times) are checked here, in the use cases, before they reach a query or Stripe, so
 * bad input is VALIDATION_FAILED, never a 500.
 */

/** Parse `value` with `schema`, or throw VALIDATION_FAILED naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    throw new ValidationFailedError(
      result.error.issues.map((issue) => ({
        field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(request)',
        message: issue.message,
      })),
    );
  }
  return result.data;
}
