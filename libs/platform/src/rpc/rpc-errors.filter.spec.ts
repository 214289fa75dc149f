import { DomainError, RpcErrorBody } from '@app/contracts';
import { ArgumentsHost } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Observable, firstValueFrom } from 'rxjs';
import { RpcErrorsFilter } from './rpc-errors.filter';

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
