import type { FastifyReply, FastifyRequest } from 'fastify';
import { LiveFeed } from './live-feed';
import { LiveChange, sseMessageOf } from './live-change';

export const HEARTBEAT_MS = 15_000;

/**
 * Turns the request into an SSE stream of the live changes `accepts` lets through. The
 * listener is registered before the headers go out, so once a client has the response it
 * misses nothing; a Last-Event-ID still in this process's buffer replays what came after it.
 * Closing the connection (or the app shutting down) unsubscribes and stops the heartbeat.
 */
export function openSseStream(feed: LiveFeed, request: FastifyRequest, reply: FastifyReply, accepts: (change: LiveChange) => boolean): void {
  reply.hijack();
  const raw = reply.raw;
  let open = true;
  const send = (change: LiveChange) => {
    if (open && accepts(change)) raw.write(sseMessageOf(change));
  };
  const unlisten = feed.listen(send);
  const heartbeat = setInterval(() => {
    if (open) raw.write(': heartbeat\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const close = () => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    unlisten();
    unregister();
    raw.end();
  };
  const unregister = feed.onShutdown(close);
  request.raw.on('close', close);
  raw.on('close', close);
  raw.on('error', close);

  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx and friends: do not buffer the stream.
    'x-accel-buffering': 'no',
    'x-correlation-id': String(reply.getHeader('x-correlation-id') ?? ''),
  });
  raw.write('retry: 3000\n: connected\n\n');
  const lastEventId = request.headers['last-event-id'];
  if (typeof lastEventId === 'string' && lastEventId.length > 0) {
    for (const change of feed.since(lastEventId) ?? []) send(change);
  }
}
