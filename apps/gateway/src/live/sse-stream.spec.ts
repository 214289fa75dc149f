import type { FastifyReply, FastifyRequest } from 'fastify';
import { EventEmitter } from 'node:events';
import { loadGatewayConfig } from '../gateway.config';
import { LiveFeed } from './live-feed';
import { HEARTBEAT_MS, openSseStream } from './sse-stream';

/** The parts of Node's ServerResponse an SSE stream uses, recording what it is sent. */
class RecordingResponse extends EventEmitter {
  readonly chunks: string[] = [];
  status: number | null = null;
  ended = false;

  writeHead(status: number): this {
    this.status = status;
    return this;
  }

  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }

  end(): void {
    this.ended = true;
    this.emit('close');
  }
}

/** An SSE stream on a LiveFeed that is not connected to Redis (listen/since/onShutdown need none). */
function openStream() {
  const feed = new LiveFeed({ ...loadGatewayConfig({}), queuePrefix: 'sse-spec' });
  const raw = new RecordingResponse();
  const requestRaw = new EventEmitter();
  const reply = { hijack: () => undefined, raw, getHeader: () => 'corr-1' } as unknown as FastifyReply;
  const request = { raw: requestRaw, headers: {} } as unknown as FastifyRequest;
  openSseStream(feed, request, reply, () => true);
  const heartbeats = () => raw.chunks.filter((chunk) => chunk === ': heartbeat\n\n').length;
  return { feed, raw, requestRaw, heartbeats };
}

describe('openSseStream heartbeat', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('writes a heartbeat comment every HEARTBEAT_MS while the stream is open, so idle proxies keep it', () => {
    const { raw, heartbeats } = openStream();
    expect(raw.status).toBe(200);
    expect(raw.chunks).toEqual(['retry: 3000\n: connected\n\n']);

    jest.advanceTimersByTime(HEARTBEAT_MS - 1);
    expect(heartbeats()).toBe(0);
    jest.advanceTimersByTime(1);
    expect(heartbeats()).toBe(1);
    jest.advanceTimersByTime(2 * HEARTBEAT_MS);
    expect(heartbeats()).toBe(3);
  });

  it('stops the heartbeat and unsubscribes when the client goes away', () => {
    const { feed, raw, requestRaw, heartbeats } = openStream();
    jest.advanceTimersByTime(HEARTBEAT_MS);
    expect(feed.listenerCount).toBe(1);

    requestRaw.emit('close');

    expect(raw.ended).toBe(true);
    expect(feed.listenerCount).toBe(0);
    jest.advanceTimersByTime(5 * HEARTBEAT_MS);
    expect(heartbeats()).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stops the heartbeat when the app shuts down with the stream open', () => {
    const { feed, raw, heartbeats } = openStream();

    feed.onModuleDestroy();

    expect(raw.ended).toBe(true);
    jest.advanceTimersByTime(3 * HEARTBEAT_MS);
    expect(heartbeats()).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });
});
