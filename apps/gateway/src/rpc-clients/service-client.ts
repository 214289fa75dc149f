import { DomainError, RpcPatternOf, RpcRequestOf, RpcResponseOf, RpcTableLike, isRpcErrorBody } from '@app/contracts';
import { requestContext } from '@app/platform';
import { Logger } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { EmptyError, TimeoutError, firstValueFrom, timeout } from 'rxjs';
import type { ServiceName } from '../gateway.config';

/** Socket-level failures that mean "the service is not there right now", not "it answered badly". */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_STREAM_DESTROYED',
  'ERR_SOCKET_CLOSED',
]);

/**
 * Request/response to one service over TCP. Every call carries the correlation id of the
 * HTTP request and has a deadline: a service that is down, unreachable or silent becomes
 * 503 SERVICE_UNAVAILABLE within `timeoutMs` (at once when the connection is refused);
 * its typed errors (RpcErrorBody) keep their code; anything else is logged and becomes 500.
 */
export class ServiceClient<Table extends RpcTableLike> {
  private readonly logger: Logger;

  constructor(
    readonly service: ServiceName,
    private readonly proxy: ClientProxy,
    private readonly timeoutMs: number,
  ) {
    this.logger = new Logger(`${service}-client`);
  }

  async send<P extends RpcPatternOf<Table>>(
    pattern: P,
    request: RpcRequestOf<Table, P>,
    options: { timeoutMs?: number } = {},
  ): Promise<RpcResponseOf<Table, P>> {
    const data = { ...(request as object), correlationId: requestContext.current()?.correlationId };
    try {
      return await firstValueFrom(this.proxy.send<RpcResponseOf<Table, P>>(pattern, data).pipe(timeout(options.timeoutMs ?? this.timeoutMs)));
    } catch (error) {
      throw this.translate(pattern, error);
    }
  }

  async close(): Promise<void> {
    await (this.proxy.close() as Promise<void> | void);
  }

  private translate(pattern: string, error: unknown): Error {
    if (isRpcErrorBody(error)) return new DomainError(error.code, error.message, error.errors);
    if (isUnreachable(error)) {
      this.logger.warn(`${pattern}: the ${this.service} service is not answering (${describe(error)})`);
      return new DomainError('SERVICE_UNAVAILABLE', `The ${this.service} service is not answering. Please try again shortly.`);
    }
    // Answered, but not with one of our typed errors: a bug on one side or the other.
    this.logger.error(`${pattern}: unexpected answer from the ${this.service} service: ${describe(error)}`);
    return new DomainError('INTERNAL', 'Something went wrong on our side.');
  }
}

function isUnreachable(error: unknown): boolean {
  if (error instanceof TimeoutError) return true;
  if (error instanceof EmptyError) return false;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
  return error instanceof Error && /connection closed|socket (has been )?(ended|closed)/i.test(error.message);
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
