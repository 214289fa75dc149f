/**
 * Failures that mean "a database or Redis is not there for us right now" rather than "our code
 * or the request is wrong": the caller may try again shortly, so they are answered 503
 * SERVICE_UNAVAILABLE, not 500 INTERNAL. Seen under the fault suite: a PostgreSQL restart
 * (connections terminated) turned bookings and slot lists into 500s, and a Redis restart turned
 * GET /admin/dlq into a 500 although it promises 503.
 */

/** SQLSTATE classes and codes: connection exception (08…), admin/crash shutdown, cannot connect now, too many connections. */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/, // node-postgres: the server closed the connection (unexpectedly, or on a connect timeout)
  /^timeout exceeded when trying to connect$/, // pg-pool
  /is not queryable$/, // node-postgres: a client whose connection already failed
  /^Connection is closed\.$/, // ioredis
  /^Stream isn't writeable and enableOfflineQueue options is false$/, // ioredis, a fail-fast producer connection
  /^Reached the max retries per request limit/, // ioredis
  /^Redis is not reachable/, // QueueRegistry.ready()
];

/**
 * TypeORM releases a query runner whose connection failed, and the transaction's next statement
 * (or its COMMIT) throws one of these: the connection was lost under it (our code never uses a
 * runner it released). A COMMIT that never reached PostgreSQL was not applied; one whose answer
 * was lost may have been — either way the caller learns "try again" and the retry sees the outcome.
 */
const UNAVAILABLE_ERROR_NAMES = new Set(['QueryRunnerProviderAlreadyReleasedError', 'QueryRunnerAlreadyReleasedError']);

export function isInfrastructureUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 4; depth += 1) {
    const failure: Error = current;
    if (UNAVAILABLE_ERROR_NAMES.has(failure.name)) return true;
    const code = (failure as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET_CODES.has(code))) return true;
    if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(failure.message))) return true;
    // TypeORM's QueryFailedError keeps the driver's error; other wrappers use `cause`.
    current = (failure as { driverError?: unknown }).driverError ?? failure.cause;
  }
  return false;
}
