import { DomainError, RpcErrorBody } from '@app/contracts';
import { ArgumentsHost, BadRequestException, HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Observable, firstValueFrom } from 'rxjs';
import { RpcErrorsFilter, inHttpErrorShape } from './rpc-errors.filter';

const rpcHost = {
  getType: () => 'rpc',
  switchToRpc: () => ({ getContext: () => ({ getPattern: () => 'booking.create' }) }),
} as unknown as ArgumentsHost;

async function bodyFor(exception: unknown): Promise<RpcErrorBody> {
  const filter = new RpcErrorsFilter({} as HttpAdapterHost['httpAdapter']);
  const answer = filter.catch(exception, rpcHost) as Observable<never>;
  return firstValueFrom(answer).then(
    () => {
      throw new Error('the filter answered without an error');
    },
    (body: RpcErrorBody) => body,
  );
}

describe('RpcErrorsFilter', () => {
  it('passes a domain error on with its code', async () => {
    expect(await bodyFor(new DomainError('SLOT_UNAVAILABLE', 'taken'))).toEqual({ code: 'SLOT_UNAVAILABLE', message: 'taken' });
  });

  it('answers a constraint violation as SLOT_UNAVAILABLE', async () => {
    expect((await bodyFor(Object.assign(new Error('conflicting key'), { code: '23P01' }))).code).toBe('SLOT_UNAVAILABLE');
  });

  it.each([
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    new Error('Connection terminated unexpectedly'),
  ])('answers %p (the database restarted under the request) as SERVICE_UNAVAILABLE, not INTERNAL', async (exception) => {
    expect((await bodyFor(exception)).code).toBe('SERVICE_UNAVAILABLE');
  });

  it('answers anything else as INTERNAL without internals', async () => {
    expect(await bodyFor(new TypeError('secret detail'))).toEqual({ code: 'INTERNAL', message: 'Something went wrong on our side.' });
  });
});

describe('4xx answers on a service\'s own HTTP port', () => {
  const bodyOf = (exception: unknown) => (inHttpErrorShape(exception) as HttpException).getResponse();

  it.each([
    [
      'a body the framework could not parse',
      new HttpException("Body is not valid JSON but content-type is set to 'application/json'", 400),
      { statusCode: 400, code: 'VALIDATION_FAILED', message: "Body is not valid JSON but content-type is set to 'application/json'" },
    ],
    ['an unknown route', new NotFoundException('Cannot GET /nope'), { statusCode: 404, code: 'NOT_FOUND', message: 'Cannot GET /nope' }],
    ['another 4xx', new HttpException('Unsupported Media Type: text/csv', 415), { statusCode: 415, code: 'VALIDATION_FAILED', message: 'Unsupported Media Type: text/csv' }],
    [
      'a body that already carries a code',
      new BadRequestException({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'The Stripe-Signature header is missing.' }),
      { statusCode: 400, code: 'VALIDATION_FAILED', message: 'The Stripe-Signature header is missing.' },
    ],
  ])('answers %s as { statusCode, code, message }', (_name, exception, body) => {
    expect(bodyOf(exception)).toEqual(body);
  });

  it('answers an unavailable database (a pool handing out no connection in time) 503 SERVICE_UNAVAILABLE, not 500', () => {
    const answer = inHttpErrorShape(new Error('timeout exceeded when trying to connect')) as HttpException;
    expect(answer.getStatus()).toBe(503);
    expect(answer.getResponse()).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
  });

  it('leaves 5xx (a failing health check keeps its report) and unexpected errors to Nest', () => {
    const unhealthy = new ServiceUnavailableException({ status: 'error', error: { database: { status: 'down' } } });
    expect(inHttpErrorShape(unhealthy)).toBe(unhealthy);
    const unexpected = new TypeError('secret detail');
    expect(inHttpErrorShape(unexpected)).toBe(unexpected);
  });
});
