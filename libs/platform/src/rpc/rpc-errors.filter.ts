import { DomainError, RpcErrorBody, codeForStatus, isRpcErrorBody } from '@app/contracts';
import { ArgumentsHost, Catch, HttpException, Logger, ServiceUnavailableException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { Observable, throwError } from 'rxjs';
import { EXCLUSION_VIOLATION, UNIQUE_VIOLATION } from '../database/sql';
import { isInfrastructureUnavailable } from '../errors/infrastructure-unavailable';

/**
 * The one place a service turns failures into what the gateway receives over RPC:
 * domain errors keep their code and message; a database or Redis that is away is
 * `SERVICE_UNAVAILABLE` (the gateway's 503: try again); anything unexpected is logged with its
 * stack (and correlation id) and answered `INTERNAL` without internals. Registered on
 * the whole hybrid app (the microservice inherits it), so HTTP errors on the service's
 * own port (the Stripe webhook, health, metrics) come here too: a 4xx is answered in the
 * API's one error shape, `{ statusCode, code, message }` (DESIGN §4), even when the framework
 * raised it (a body that is not JSON); the rest goes on to Nest's default handling.
 */
@Catch()
export class RpcErrorsFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Rpc');

  override catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() !== 'rpc') return super.catch(inHttpErrorShape(exception), host);
    return throwError(() => this.toBody(exception, host));
  }

  private toBody(exception: unknown, host: ArgumentsHost): RpcErrorBody {
    if (exception instanceof DomainError) return exception.toBody();
    const pattern = host.getType() === 'rpc' ? String(host.switchToRpc().getContext<{ getPattern?: () => string }>()?.getPattern?.() ?? '') : '';
    const code = (exception as { code?: string })?.code;
    if (code === UNIQUE_VIOLATION || code === EXCLUSION_VIOLATION) {
      // A constraint the domain code did not anticipate: still a conflict, never a 500.
      this.logger.warn(`Constraint violation in ${pattern}: ${(exception as Error).message}`);
      return { code: 'SLOT_UNAVAILABLE', message: 'That time is no longer available.' };
    }
    if (isInfrastructureUnavailable(exception)) {
      // The database or Redis is away (a restart, a cut connection): the caller may retry; not a bug.
      this.logger.warn(`${pattern}: a backing service is unavailable: ${(exception as Error).message}`);
      return { code: 'SERVICE_UNAVAILABLE', message: 'The service cannot reach its database or queue right now. Please try again shortly.' };
    }
    this.logger.error(
      `Unexpected error in ${pattern}: ${(exception as Error)?.message ?? String(exception)}`,
      (exception as Error)?.stack,
    );
    return { code: 'INTERNAL', message: 'Something went wrong on our side.' };
  }
}

/**
 * A 4xx HttpException as `{ statusCode, code, message }`: a body that already carries an error
 * code keeps it; otherwise the code comes from the status (codeForStatus) and the message is
 * the exception's own (Fastify's "Body is not valid JSON…"). An unavailable database or Redis is a
 * 503 SERVICE_UNAVAILABLE in the same shape. Anything else is left as it is.
 */
export function inHttpErrorShape(exception: unknown): unknown {
  if (!(exception instanceof HttpException)) {
    // The database or Redis is away or saturated (a pool that hands out no connection in time):
    // 503, so the caller (Stripe, for the webhook) tries again — not a 500, nothing is wrong with the request.
    if (!isInfrastructureUnavailable(exception)) return exception;
    return new ServiceUnavailableException(
      { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'The service cannot reach its database or queue right now. Please try again shortly.' },
      { cause: exception },
    );
  }
  const statusCode = exception.getStatus();
  if (statusCode < 400 || statusCode >= 500) return exception;
  const response = exception.getResponse();
  if (isRpcErrorBody(response)) return new HttpException({ ...response, statusCode }, statusCode, { cause: exception });
  const given: unknown = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  const message = typeof given === 'string' ? given : Array.isArray(given) ? given.map(String).join('; ') : exception.message;
  return new HttpException({ statusCode, code: codeForStatus(statusCode), message }, statusCode, { cause: exception });
}
