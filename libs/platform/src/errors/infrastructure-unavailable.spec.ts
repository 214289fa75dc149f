import { isInfrastructureUnavailable } from './infrastructure-unavailable';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isInfrastructureUnavailable', () => {
  it.each([
    ['a backend terminated by an administrator (57P01)', withCode('terminating connection due to administrator command', '57P01')],
    ['a database starting up (57P03)', withCode('the database system is starting up', '57P03')],
    ['too many connections (53300)', withCode('sorry, too many clients already', '53300')],
    ['a connection exception (08006)', withCode('connection failure', '08006')],
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['node-postgres losing its connection', new Error('Connection terminated unexpectedly')],
    ['pg-pool timing out', new Error('timeout exceeded when trying to connect')],
    ['ioredis with its connection closed', new Error('Connection is closed.')],
    ['a fail-fast ioredis producer', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ['a TypeORM error wrapping the driver error', Object.assign(new Error('query failed'), { driverError: withCode('terminating connection', '57P01') })],
    ['an error caused by one of these', new Error('could not sweep', { cause: new Error('Connection is closed.') })],
    [
      'a transaction going on after TypeORM released its failed connection',
      Object.assign(new Error('Database connection provided by a query runner was already released'), { name: 'QueryRunnerProviderAlreadyReleasedError' }),
    ],
    [
      // Seen by the fault suite's long profile: a cancellation's COMMIT after its connection was cut.
      'a COMMIT on a query runner TypeORM already released',
      Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), { name: 'QueryRunnerAlreadyReleasedError' }),
    ],
  ])('recognises %s', (_what, error) => {
    expect(isInfrastructureUnavailable(error)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a constraint violation (23505)', withCode('duplicate key value violates unique constraint', '23505')],
    ['a syntax error (42601)', withCode('syntax error at or near "SELEC"', '42601')],
    ['something that is not an error', 'Connection is closed.'],
    ['nothing', undefined],
  ])('leaves %s to be an unexpected failure', (_what, error) => {
    expect(isInfrastructureUnavailable(error)).toBe(false);
  });
});
