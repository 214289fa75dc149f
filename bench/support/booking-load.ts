import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { summarize } from './stats';

export interface BookingLoadOptions {
  /** Base URL of the server under load (the gateway, or the baseline). */
  url: string;
  path: string;
  connections: number;
  seconds: number;
  /** Request bodies, each used once (one distinct slot per request); the run stops early if they run out. */
  bodies: string[];
  /** Headers of a connection (e.g. a customer's token), chosen once per connection. */
  headersFor?: (connection: number) => Record<string, string>;
}

export interface BookingLoadResult {
  connections: number;
  seconds: number;
  requests: number;
  /** Responses with a 2xx status per second of the run. */
  throughputPerSecond: number;
  latencyMs: ReturnType<typeof summarize>;
  statuses: Record<string, number>;
  /** Socket errors and timeouts (no HTTP status). */
  errors: number;
  /** true when the bodies ran out before `seconds` were up: add slots. */
  ranOutOfBodies: boolean;
}

/**
 * Closed-loop load with autocannon: `connections` keep-alive connections, each sending its
 * next request as soon as the previous one is answered, for `seconds`. Every request takes
 * the next unused body. Latency and status of every response are recorded here (exact
 * percentiles, not autocannon's millisecond histogram).
 */
export async function runBookingLoad(options: BookingLoadOptions): Promise<BookingLoadResult> {
  let next = 0;
  let connectionCount = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  const headersOf = new WeakMap<object, Record<string, string>>();
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds,
        maxOverallRequests: options.bodies.length,
        timeout: 30,
        requests: [
          {
            method: 'POST',
            path: options.path,
            setupRequest: (request, context) => {
              let headers = headersOf.get(context);
              if (!headers) {
                headers = {
                  'content-type': 'application/json',
                  ...options.headersFor?.(connectionCount++),
                };
                headersOf.set(context, headers);
              }
              const body = options.bodies[next++] ?? options.bodies[options.bodies.length - 1];
              return { ...request, headers, body };
            },
          },
        ],
      },
      (error: unknown, finished: autocannon.Result) =>
        error
          ? reject(error instanceof Error ? error : new Error(JSON.stringify(error)))
          : resolve(finished),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) ok += 1;
    });
  });
  const elapsedSeconds = (performance.now() - started) / 1000;
  return {
    connections: options.connections,
    seconds: Math.round(elapsedSeconds * 100) / 100,
    requests: latencies.length,
    throughputPerSecond: Math.round((ok / elapsedSeconds) * 10) / 10,
    latencyMs: summarize(latencies),
    statuses,
    errors: result.errors,
    ranOutOfBodies: next >= options.bodies.length,
  };
}
