import { DomainError } from '@app/contracts';
import { ArgumentsHost, BadRequestException, ServiceUnavailableException, ForbiddenException, HttpException, InternalServerErrorException, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Logger } from 'pino';
import { HttpErrorsFilter } from './http-errors.filter';

interface Sent {
  status: number;
  headers: Record<string, unknown>;
  body: ReturnType<typeof JSON.parse>;
}

function run(exception: unknown, initialHeaders: Record<string, unknown> = {}): { sent: Sent; logger: { error: jest.Mock; warn: jest.Mock } } {
  const logger = { error: jest.fn(), warn: jest.fn() };
  const sent: Sent = { status: 0, headers: { 'x-correlation-id': 'corr-1', ...initialHeaders }, body: undefined };
  const reply = {
    sent: false,
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header(name: string, value: unknown) {
      sent.headers[name.toLowerCase()] = value;
      return reply;
    },
    getHeader: (name: string) => sent.headers[name.toLowerCase()],
    getHeaders: () => sent.headers,
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => ({ method: 'POST', url: '/bookings?x=1' }), getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  new HttpErrorsFilter(logger as unknown as Logger, 65536).catch(exception, host);
  return { sent, logger };
}

const fastifyError = (code: string, statusCode: number, message: string) =>
  new HttpException(message, statusCode, { cause: Object.assign(new Error(message), { name: 'FastifyError', code, statusCode }) });

describe('HttpErrorsFilter', () => {
  it("answers GET /health's 503 as SERVICE_UNAVAILABLE with terminus's report, naming what is down, without logging it", () => {
    const down = { status: 'down', message: 'not answering' };
    const report = { status: 'error', info: { database: { status: 'up' } }, error: { payments: down }, details: { database: { status: 'up' }, payments: down } };
    const { sent, logger } = run(new ServiceUnavailableException(report));
    expect(sent.status).toBe(503);
    expect(sent.body).toEqual({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'Not healthy: payments not answering.', ...report });
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('still answers any other 503 HttpException as an unexpected 500', () => {
    const { sent, logger } = run(new ServiceUnavailableException('boom'));
    expect(sent.status).toBe(500);
    expect(logger.error).toHaveBeenCalled();
  });

  it('answers a domain error with its code, the status from the table, and its field problems', () => {
    const { sent } = run(new DomainError('VALIDATION_FAILED', 'Bad.', [{ field: 'slotId', message: 'slotId must be a UUID' }]));
    expect(sent.status).toBe(400);
    expect(sent.body).toEqual({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'Bad.', errors: [{ field: 'slotId', message: 'slotId must be a UUID' }] });
  });

  it('answers an RPC error body by its code', () => {
    expect(run({ code: 'SLOT_UNAVAILABLE', message: 'Taken.' }).sent.body).toEqual({ statusCode: 409, code: 'SLOT_UNAVAILABLE', message: 'Taken.' });
  });

  it.each([
    [fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413, 'Request body is too large'), 413, 'PAYLOAD_TOO_LARGE', /65536 bytes/],
    [fastifyError('FST_ERR_CTP_INVALID_JSON_BODY', 400, 'x'), 400, 'VALIDATION_FAILED', /not valid JSON/],
    [fastifyError('FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'x'), 400, 'VALIDATION_FAILED', /empty/],
    [fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'Unsupported Media Type'), 400, 'VALIDATION_FAILED', /application\/json/],
    [new NotFoundException('Cannot POST /bookings'), 404, 'NOT_FOUND', /There is no POST \/bookings\./],
    [new ForbiddenException(), 403, 'FORBIDDEN', /Forbidden/],
    [new BadRequestException('nope'), 400, 'VALIDATION_FAILED', /^nope\.$/],
    [new HttpException('Method Not Allowed', 405), 400, 'VALIDATION_FAILED', /Method Not Allowed/],
  ])('maps %s to %i %s', (exception, status, code, message) => {
    const { sent, logger } = run(exception);
    expect(sent.status).toBe(status);
    expect(sent.body).toEqual({ statusCode: status, code, message: expect.stringMatching(message) });
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('answers 429 RATE_LIMITED with the standard Retry-After header', () => {
    const { sent } = run(new ThrottlerException(), { 'retry-after-auth': 42 });
    expect(sent.status).toBe(429);
    expect(sent.headers['retry-after']).toBe('42');
    expect(sent.body).toEqual({ statusCode: 429, code: 'RATE_LIMITED', message: 'Too many requests. Try again in 42 s.' });
  });

  it.each([
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    new Error("Stream isn't writeable and enableOfflineQueue options is false"),
  ])('answers %p (its database or Redis away, as in a restart) with 503 SERVICE_UNAVAILABLE, not 500', (exception) => {
    const { sent, logger } = run(exception);
    expect(sent.status).toBe(503);
    expect(sent.body).toEqual({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: expect.any(String) });
    expect(logger.error).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalled();
  });

  it.each([new TypeError("Cannot read properties of undefined (reading 'secret')"), new InternalServerErrorException('db password wrong'), 'a thrown string'])(
    'answers %p with 500 INTERNAL, logging it with stack and correlation id but revealing nothing',
    (exception) => {
      const { sent, logger } = run(exception);
      expect(sent.status).toBe(500);
      expect(sent.body).toEqual({ statusCode: 500, code: 'INTERNAL', message: expect.any(String) });
      expect(JSON.stringify(sent.body)).not.toMatch(/secret|password|thrown/);
      expect(logger.error).toHaveBeenCalledWith(
        expect.objectContaining({ err: expect.any(Error), correlationId: 'corr-1', method: 'POST', path: '/bookings' }),
        expect.any(String),
      );
    },
  );
});
