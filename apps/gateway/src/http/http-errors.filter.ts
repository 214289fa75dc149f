import { DomainError, ErrorCode, RpcErrorBody, codeForStatus, isRpcErrorBody } from '@app/contracts';
import { isInfrastructureUnavailable } from '@app/platform';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { statusOf } from './error-status';
import { ErrorResponseDto } from './error-response';

const INTERNAL_MESSAGE = 'Something went wrong on our side. Please try again; if it keeps happening, quote the x-correlation-id header.';

/**
 * The one place any failure becomes an HTTP answer: `{ statusCode, code, message, errors? }`,
 * the status taken from the code → status table. Expected failures keep their code and
 * message; anything unexpected is logged with its stack and correlation id and answered
 * 500 INTERNAL without internals.
 */
@Catch()
export class HttpErrorsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly bodyLimitBytes: number,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const health = healthReportOf(exception);
    if (health) {
      if (reply.sent) return;
      const down = Object.keys(health.error ?? {});
      const message = `Not healthy: ${down.length > 0 ? down.join(', ') : 'unknown'} not answering.`;
      void reply
        .status(503)
        .header('content-type', 'application/json; charset=utf-8')
        .send({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' satisfies ErrorCode, message, ...health });
      return;
    }
    const body = this.toBody(exception, request, reply);
    const response: ErrorResponseDto = { statusCode: statusOf(body.code), code: body.code, message: body.message };
    if (body.errors && body.errors.length > 0) response.errors = body.errors;
    if (reply.sent) return;
    void reply.status(response.statusCode).header('content-type', 'application/json; charset=utf-8').send(response);
  }

  private toBody(exception: unknown, request: FastifyRequest, reply: FastifyReply): RpcErrorBody {
    if (exception instanceof DomainError) return exception.toBody();
    if (isRpcErrorBody(exception)) return exception;
    if (exception instanceof ThrottlerException) {
      const retryAfter = retryAfterOf(reply);
      if (retryAfter !== undefined) void reply.header('retry-after', retryAfter);
      return {
        code: 'RATE_LIMITED',
        message: `Too many requests. Try again${retryAfter === undefined ? ' later' : ` in ${String(retryAfter)} s`}.`,
      };
    }
    if (exception instanceof HttpException) return this.fromHttpException(exception, request, reply);
    if (isInfrastructureUnavailable(exception)) {
      // Our database or Redis is away (a restart): worth a retry, not a bug.
      this.logger.warn({ err: exception, correlationId: reply.getHeader('x-correlation-id') }, 'a backing service is unavailable');
      return { code: 'SERVICE_UNAVAILABLE', message: 'A backing service is briefly unavailable. Please try again shortly.' };
    }
    return this.unexpected(exception, request, reply);
  }

  private fromHttpException(exception: HttpException, request: FastifyRequest, reply: FastifyReply): RpcErrorBody {
    const fastifyCode = (exception.cause as { code?: unknown } | undefined)?.code;
    switch (fastifyCode) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return { code: 'PAYLOAD_TOO_LARGE', message: `The body is larger than the limit of ${this.bodyLimitBytes} bytes.` };
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return { code: 'VALIDATION_FAILED', message: 'Body is not valid JSON.' };
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return { code: 'VALIDATION_FAILED', message: 'Body is empty; send a JSON object.' };
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return { code: 'VALIDATION_FAILED', message: 'Send the body as application/json.' };
      default:
        break;
    }
    const status = exception.getStatus();
    if (status >= 500) return this.unexpected(exception, request, reply);
    const code: ErrorCode = codeForStatus(status);
    if (code === 'NOT_FOUND') return { code, message: `There is no ${request.method} ${request.url.split('?')[0]}.` };
    return { code, message: messageOf(exception) };
  }

  private unexpected(exception: unknown, request: FastifyRequest, reply: FastifyReply): RpcErrorBody {
    const err = exception instanceof Error ? exception : new Error(`Non-error thrown: ${String(exception)}`);
    this.logger.error(
      {
        err,
        correlationId: reply.getHeader('x-correlation-id'),
        method: request.method,
        path: request.url.split('?')[0],
      },
      'unexpected error while handling a request',
    );
    return { code: 'INTERNAL', message: INTERNAL_MESSAGE };
  }
}

interface HealthReport {
  status: 'error';
  info?: Record<string, unknown>;
  error?: Record<string, unknown>;
  details?: Record<string, unknown>;
}

/**
 * GET /health's 503 (terminus throws ServiceUnavailableException carrying its report):
 * answered as 503 SERVICE_UNAVAILABLE with the report, so it names what is down.
 */
function healthReportOf(exception: unknown): HealthReport | undefined {
  if (!(exception instanceof HttpException) || exception.getStatus() !== 503) return undefined;
  const response = exception.getResponse() as Partial<HealthReport> | string;
  if (typeof response !== 'object' || response === null || response.status !== 'error') return undefined;
  if (typeof response.error !== 'object' || typeof response.details !== 'object') return undefined;
  return response as HealthReport;
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  const message: unknown = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  const text = Array.isArray(message)
    ? message.filter((part): part is string => typeof part === 'string').join('; ')
    : typeof message === 'string'
      ? message
      : exception.message;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** The throttler names its header after the bucket (`Retry-After-auth`); clients expect the standard `Retry-After`. */
function retryAfterOf(reply: FastifyReply): string | undefined {
  const headers = reply.getHeaders();
  const name = Object.keys(headers).find((header) => header.toLowerCase().startsWith('retry-after'));
  const value = name === undefined ? undefined : headers[name];
  return value === undefined ? undefined : String(value);
}
