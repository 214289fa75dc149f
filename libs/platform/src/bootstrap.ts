import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Logger as PinoLogger } from 'pino';
import { ConfigError } from './config/env';
import { limitJsonNesting } from './http/json-body-parser';
import { PinoNestLogger } from './logging/logger';
import { requestContext } from './logging/request-context';
import { RpcContextInterceptor } from './rpc/rpc-context.interceptor';
import { RpcErrorsFilter } from './rpc/rpc-errors.filter';

export interface ServiceAppOptions {
  logger: PinoLogger;
  http: { port: number; host?: string; bodyLimitBytes?: number; rawBody?: boolean };
  /** The service's RPC port for gateway → service request/response. */
  tcp?: { host: string; port: number };
  /** Runs after the app is built and before it listens: global pipes, filters, hooks, OpenAPI. */
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
}

const CORRELATION_HEADER = 'x-correlation-id';
const QUIET_PATHS = new Set(['/health', '/metrics']);

/**
 * Connections the kernel may queue before the app accepts them (it caps this at
 * net.core.somaxconn). Node's default, 511, overflowed when 1,000 customers hit the gateway at
 * once (bench/contention): the dropped SYNs were retried a second later, which was the p99.
 */
export const HTTP_LISTEN_BACKLOG = 4096;

/**
 * Build, wire and start one service: Fastify HTTP (JSON logs, a correlation id per
 * request that follows it into every log line and outbox event), the optional TCP
 * microservice, and shutdown hooks so SIGTERM lets workers finish the job in hand.
 */
export async function startServiceApp(
  module: DynamicModule,
  options: ServiceAppOptions,
): Promise<NestFastifyApplication> {
  const bodyLimit = options.http.bodyLimitBytes ?? 64 * 1024;
  const adapter = new FastifyAdapter({
    bodyLimit,
    logger: false,
    genReqId: () => randomUUID(),
    // On shutdown, close idle keep-alive sockets (and long-lived streams) instead of waiting them out.
    forceCloseConnections: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger: new PinoNestLogger(options.logger),
    rawBody: options.http.rawBody ?? false,
    abortOnError: false,
  });
  // Every JSON body, on every route of every service, is refused past a nesting depth (DESIGN §9).
  limitJsonNesting(app, bodyLimit);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    const header = request.headers[CORRELATION_HEADER];
    const correlationId =
      typeof header === 'string' && /^[\w.:-]{1,100}$/.test(header) ? header : String(request.id);
    void reply.header(CORRELATION_HEADER, correlationId);
    requestContext.run({ correlationId }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const path = request.url.split('?')[0];
    const level = QUIET_PATHS.has(path) ? 'debug' : 'info';
    options.logger[level](
      { method: request.method, path, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
    done();
  });
  app.enableShutdownHooks();
  await options.configure?.(app);
  if (options.tcp) {
    // Nest 12 wires the microservice's handlers inside connectMicroservice(): enhancers must be
    // global on the app before it, and inherited, or they are silently ignored.
    app.useGlobalFilters(new RpcErrorsFilter(app.getHttpAdapter()));
    app.useGlobalInterceptors(new RpcContextInterceptor());
    app.connectMicroservice<MicroserviceOptions>(
      { transport: Transport.TCP, options: { host: options.tcp.host, port: options.tcp.port } },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
  }
  await app.listen({
    port: options.http.port,
    host: options.http.host ?? '0.0.0.0',
    backlog: HTTP_LISTEN_BACKLOG,
  });
  return app;
}

/** Run a service's main(); a configuration error ends the process with one clear sentence. */
export function runService(name: string, main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`[${name}] ${error.message}\n`);
    } else {
      process.stderr.write(
        `[${name}] failed to start: ${(error as Error)?.stack ?? String(error)}\n`,
      );
    }
    process.exit(1);
  });
}
