import { Server, createServer } from 'node:net';
import { freePort } from './redis-server';

const EPHEMERAL_RANGE_START = 32_768;

function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('freePort', () => {
  it('hands out distinct ports below the ephemeral range, where client sockets never take them', async () => {
    const ports = [await freePort(), await freePort(), await freePort(), await freePort()];

    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) expect(port).toBeLessThan(EPHEMERAL_RANGE_START);
  });

  it('hands out a port a server can bind', async () => {
    const server = await listenOn(await freePort());

    expect(server.listening).toBe(true);
    await close(server);
  });

  it('skips the ports something already listens on', async () => {
    const last = await freePort();
    const taken = [await listenOn(last + 1), await listenOn(last + 2)];
    try {
      const port = await freePort();

      expect([last + 1, last + 2]).not.toContain(port);
      await close(await listenOn(port));
    } finally {
      await Promise.all(taken.map(close));
    }
  });
});
