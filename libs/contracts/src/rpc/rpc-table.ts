import { z } from 'zod';
import { UnauthorizedError, ValidationFailedError } from '../errors';

/**
 * One RPC pattern's contract: the schema its request is checked against at the service (before
 * the handler runs) and, as a type only, what it answers. Callers send `z.input` of the schema;
 * handlers receive the parsed request.
 */
export interface RpcEntry<TRequest extends z.ZodType = z.ZodType, TResponse = unknown> {
  request: TRequest;
  /** Never set: carries the response type for the client and the handler. */
  readonly response?: TResponse;
}

/** A service's table: pattern → entry. Patterns are persisted nowhere, but both sides must agree. */
export type RpcTableLike = Readonly<Record<string, RpcEntry>>;

/** `rpc(createBookingRequest).returns<CreateBookingResponse>()`. */
export function rpc<TRequest extends z.ZodType>(request: TRequest): { returns<TResponse>(): RpcEntry<TRequest, TResponse> } {
  return { returns: () => ({ request }) };
}

/**
 * A request schema: a plain object (cheap to check on every booking) that also allows the
 * fields every request may carry (RpcMeta). Unknown fields are dropped, not refused, so a
 * newer gateway can talk to an older service.
 */
export function rpcRequest<TShape extends z.ZodRawShape>(shape: TShape) {
  return z.object({ correlationId: z.string().max(200).optional(), ...shape });
}

export type RpcPatternOf<TTable extends RpcTableLike> = keyof TTable & string;
/** What a caller sends for a pattern. */
export type RpcRequestOf<TTable extends RpcTableLike, P extends keyof TTable> = z.input<TTable[P]['request']>;
/** What a handler receives for a pattern, once the schema accepted it. */
export type RpcParsedRequestOf<TTable extends RpcTableLike, P extends keyof TTable> = z.output<TTable[P]['request']>;
export type RpcResponseOf<TTable extends RpcTableLike, P extends keyof TTable> =
  TTable[P] extends RpcEntry<z.ZodType, infer TResponse> ? TResponse : never;

/**
 * Check a request against its pattern's schema: the parsed request, or the error the service
 * answers. A request without a usable actor is UNAUTHORIZED, as `parseActor` has always said;
 * anything else wrong is VALIDATION_FAILED naming each bad field ("weekly.2.end").
 */
export function parseRpcRequest<TTable extends RpcTableLike, P extends RpcPatternOf<TTable>>(
  table: TTable,
  pattern: P,
  value: unknown,
): RpcParsedRequestOf<TTable, P> {
  const entry = table[pattern];
  if (entry === undefined) throw new Error(`${pattern} is not in this RPC table`);
  const result = entry.request.safeParse(value);
  if (result.success) return result.data as RpcParsedRequestOf<TTable, P>;
  if (result.error.issues.some((issue) => issue.path[0] === 'actor')) throw new UnauthorizedError();
  throw new ValidationFailedError(
    result.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(request)',
      message: issue.message,
    })),
  );
}
