import { AddressInfo, Server, Socket, createServer } from 'node:net';
import { Pool, PoolConfig } from 'pg';
import { serviceDataSourceOptions } from '../src';

/** A PostgreSQL wire-protocol message: type byte, int32 length, body. */
function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0);
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}
const cString = (text: string) => Buffer.from(`${text}\0`);

/**
 * Found by the fault suite: a service process died of "Unhandled 'error' event" when
 * pg_terminate_backend hit a connection the moment it was established. node-postgres parses the
 * server's ReadyForQuery and the FATAL that follows in one go; in between, pg-pool hands the
 * client out and drops its own error listener, and TypeORM attaches one only a tick later — so
 * the 'error' had no listener. This server plays that exact sequence.
 */
describe('service data source pool: a connection cut as it is established (fake PostgreSQL server)', () => {
  let server: Server;
  let port: number;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.once('data', () => {
        const fatal = Buffer.concat([
          Buffer.from('S'),
          cString('FATAL'),
          Buffer.from('C'),
          cString('57P01'),
          Buffer.from('M'),
          cString('terminating connection due to administrator command'),
          Buffer.from([0]),
        ]);
        const authenticationOk = message('R', Buffer.from([0, 0, 0, 0]));
        const readyForQuery = message('Z', Buffer.from('I'));
        socket.end(Buffer.concat([authenticationOk, readyForQuery, message('E', fatal)]));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('does not let the connection error escape as an uncaught exception', async () => {
    const options = serviceDataSourceOptions({ url: `postgres://u@127.0.0.1:${port}/d`, applicationName: 'cut', entities: [], migrations: [] });
    // What TypeORM hands pg-pool: the connection settings plus the data source's `extra`.
    const pool = new Pool({ host: '127.0.0.1', port, user: 'u', database: 'd', ...(options.extra as PoolConfig) });
    pool.on('error', () => undefined);
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const client = await pool.connect();
      const ended = new Promise((resolve) => client.once('end', resolve));
      await ended;
      client.release(new Error('cut'));
    } finally {
      process.off('uncaughtException', onUncaught);
      await pool.end().catch(() => undefined);
    }
    expect(uncaught).toEqual([]);
  }, 10_000);
});
