import { RpcPatternOf, RpcRequestOf, RpcResponseOf, RpcTableLike, parseRpcRequest } from '@app/contracts';
import { PipeTransform } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';

/** Checks the payload against its pattern's schema; a failure goes to RpcErrorsFilter like any DomainError. */
class RpcRequestPipe<TTable extends RpcTableLike> implements PipeTransform {
  constructor(
    private readonly table: TTable,
    private readonly pattern: RpcPatternOf<TTable>,
  ) {}

  transform(value: unknown): unknown {
    return parseRpcRequest(this.table, this.pattern, value);
  }
}

type RpcMethod<TRequest, TResponse> = ((request: TRequest) => Promise<TResponse> | TResponse) | (() => Promise<TResponse> | TResponse);

/** Methods are compared bivariantly by TypeScript: insist on the very request type, so a drifted one fails to compile. */
type ExactRequest<TMethod, TRequest> = TMethod extends () => unknown
  ? unknown
  : TMethod extends (request: infer TGot) => unknown
    ? [TGot] extends [TRequest]
      ? [TRequest] extends [TGot]
        ? unknown
        : { requestTypeMustBe: TRequest }
      : { requestTypeMustBe: TRequest }
    : never;

/**
 * `@RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.createBooking)`: registers the MessagePattern and
 * checks the payload with the table's schema before the handler runs (VALIDATION_FAILED naming
 * the field, or UNAUTHORIZED for a missing actor: the gateway's 400 / 401). The method must
 * take the table's request type (or nothing) and answer its response type, or it does not
 * compile. Calling the method directly (unit and integration tests) skips the check.
 */
export function RpcHandler<TTable extends RpcTableLike, P extends RpcPatternOf<TTable>>(table: TTable, pattern: P) {
  return <TMethod extends RpcMethod<RpcRequestOf<TTable, P>, RpcResponseOf<TTable, P>>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<TMethod> & ExactRequest<TMethod, RpcRequestOf<TTable, P>>,
  ): void => {
    MessagePattern(pattern)(target, key, descriptor);
    Payload(new RpcRequestPipe(table, pattern))(target, key, 0);
  };
}
