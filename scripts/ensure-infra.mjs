#!/usr/bin/env node
// Make sure PostgreSQL and Redis answer at the configured URLs before `npm start` / `npm test`
// (DESIGN §11). If they do not and a Docker engine is available, start them with docker compose
// and wait for them; otherwise stop with one sentence saying what is missing and how to start it.
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const pg = require('pg');
const { Redis } = require('ioredis');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const DATABASE_URL_VARIABLES = {
  GATEWAY_DATABASE_URL: 'gateway',
  BOOKING_DATABASE_URL: 'booking',
  PAYMENTS_DATABASE_URL: 'payments',
  APPOINTMENTS_DATABASE_URL: 'appointments',
};
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const CHECK_TIMEOUT_MS = 3_000;
const DOCKER_WAIT_MS = 60_000;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Thrown when the infrastructure is missing; `message` is the one sentence to show. */
export class InfraError extends Error {
  constructor(message) {
    super(message);
    this.name = 'InfraError';
  }
}

/** One entry per distinct PostgreSQL server among the four *_DATABASE_URL variables. */
function postgresServers(env) {
  const servers = new Map();
  for (const [variable, database] of Object.entries(DATABASE_URL_VARIABLES)) {
    const raw = env[variable] || `postgres://postgres:postgres@127.0.0.1:5432/${database}`;
    let url;
    try {
      url = new URL(raw);
    } catch {
      throw new InfraError(
        `${variable} is not a valid URL (${JSON.stringify(raw)}): fix it and try again.`,
      );
    }
    // Check the server, not the database: each service creates its own database at start.
    url.pathname = '/postgres';
    const key = url.toString();
    if (!servers.has(key)) {
      servers.set(key, {
        url: key,
        variables: [],
        address: `${url.hostname}:${url.port || 5432}`,
        host: url.hostname,
      });
    }
    servers.get(key).variables.push(variable);
  }
  return [...servers.values()];
}

function redisServer(env) {
  const raw = env.REDIS_URL || DEFAULT_REDIS_URL;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new InfraError(
      `REDIS_URL is not a valid URL (${JSON.stringify(raw)}): fix it and try again.`,
    );
  }
  return { url: raw, address: `${url.hostname}:${url.port || 6379}`, host: url.hostname };
}

/** Resolves to undefined when the server answers, or to the failure. */
async function checkPostgres(server) {
  const client = new pg.Client({
    connectionString: server.url,
    connectionTimeoutMillis: CHECK_TIMEOUT_MS,
    query_timeout: CHECK_TIMEOUT_MS,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await client.end().catch(() => {});
  }
}

async function checkRedis(server) {
  const redis = new Redis(server.url, {
    lazyConnect: true,
    connectTimeout: CHECK_TIMEOUT_MS,
    commandTimeout: CHECK_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // The socket error (ECONNREFUSED...) arrives as an event; connect() only says "closed".
  let socketError;
  redis.on('error', (error) => {
    socketError ??= error;
  });
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return socketError ?? error;
  } finally {
    redis.disconnect();
  }
}

/** An error that means "nothing is listening there", as opposed to "it answered but refused us". */
function isUnreachable(error) {
  const code = error?.code ?? '';
  if (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN'].includes(
      code,
    )
  ) {
    return true;
  }
  // pg reports its own connect timeout without a code; ioredis reports a closed connection.
  // PostgreSQL still starting (57P03) will answer soon.
  return (
    code === '57P03' ||
    /timeout|Connection is closed|ECONNREFUSED|terminated unexpectedly/i.test(
      String(error?.message),
    )
  );
}

async function findProblems(env) {
  const problems = [];
  for (const server of postgresServers(env)) {
    const error = await checkPostgres(server);
    if (error) problems.push({ kind: 'postgres', server, error });
  }
  const redis = redisServer(env);
  const redisError = await checkRedis(redis);
  if (redisError) problems.push({ kind: 'redis', server: redis, error: redisError });
  return problems;
}

function describe(problem) {
  const { kind, server, error } = problem;
  const reason = error?.message ? ` (${error.message.split('\n')[0]})` : '';
  if (kind === 'postgres') {
    if (!isUnreachable(error)) {
      return `PostgreSQL at ${server.address} answered but refused the connection for ${server.variables.join(', ')}${reason}: check the user and password in that URL and try again.`;
    }
    return `PostgreSQL is not answering at ${server.address}${reason}: start it (docker compose up -d postgres, or your local server) and try again.`;
  }
  if (!isUnreachable(error)) {
    return `Redis at ${server.address} answered but refused the connection${reason}: check REDIS_URL and try again.`;
  }
  return `Redis is not answering at ${server.address}${reason}: start it (docker compose up -d redis, or redis-server --maxmemory-policy noeviction) and try again.`;
}

function run(command, args, options = {}) {
  return spawnSync(command, args, { cwd: root, stdio: 'ignore', timeout: 20_000, ...options });
}

/** `docker compose` (v2 plugin) or `docker-compose` (v1), when a Docker engine answers. */
function dockerComposeCommand() {
  if (run('docker', ['info']).status !== 0) return undefined;
  if (run('docker', ['compose', 'version']).status === 0) return ['docker', 'compose'];
  if (run('docker-compose', ['version']).status === 0) return ['docker-compose'];
  return undefined;
}

/**
 * Check PostgreSQL (every distinct server of the four *_DATABASE_URL variables) and Redis
 * (REDIS_URL); start them with docker compose when they are local, missing and Docker is
 * available. Resolves when both answer; rejects with an InfraError whose message is one sentence.
 */
export async function ensureInfra({
  env = process.env,
  log = (line) => process.stderr.write(`${line}\n`),
} = {}) {
  let problems = await findProblems(env);
  if (problems.length === 0) return;

  // Docker can only help with servers that are local and simply not running.
  const dockerCanHelp = problems.every(
    (p) => isUnreachable(p.error) && LOCAL_HOSTS.has(p.server.host),
  );
  const compose = dockerCanHelp ? dockerComposeCommand() : undefined;
  if (!compose) throw new InfraError(describe(problems[0]));

  const services = [...new Set(problems.map((p) => p.kind))];
  log(
    `[infra] ${services.join(' and ')} not answering; starting ${services.join(' and ')} with ${compose.join(' ')}`,
  );
  try {
    execFileSync(compose[0], [...compose.slice(1), 'up', '-d', ...services], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  } catch {
    throw new InfraError(
      `${compose.join(' ')} up -d ${services.join(' ')} failed (see above): fix it, or start ${services.join(' and ')} yourself, and try again.`,
    );
  }

  const deadline = Date.now() + DOCKER_WAIT_MS;
  while (problems.length > 0) {
    if (Date.now() > deadline) {
      const { kind, server } = problems[0];
      const name = kind === 'postgres' ? 'PostgreSQL' : 'Redis';
      throw new InfraError(
        `${name} is still not answering at ${server.address} ${DOCKER_WAIT_MS / 1000} s after docker compose started it: check \`${compose.join(' ')} logs ${kind}\` and try again.`,
      );
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 1_000));
    problems = await findProblems(env);
  }
  log('[infra] PostgreSQL and Redis are answering');
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  ensureInfra().then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(
        `${error instanceof InfraError ? error.message : (error?.stack ?? String(error))}\n`,
      );
      process.exit(1);
    },
  );
}
