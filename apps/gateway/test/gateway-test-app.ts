import { PinoNestLogger, requestContext, startServiceApp } from '@app/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { Writable } from 'node:stream';
import { GatewayConfig, loadGatewayConfig } from '../src/gateway.config';
import { GatewayModule } from '../src/gateway.module';
import { configureGatewayApp } from '../src/http/configure-gateway-app';
import { Json, ApiClient } from '../../../test/support/http-client';

const logs: Array<Record<string, Json>> = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line));
    done();
  },
});

/**
 * Like createLogger's, minus stdout: warn and above, each line with the correlation id of
 * its request. Nest's static Logger goes to the app created last, so every Nest app this
 * process starts (gateways and fake services) logs here.
 */
export const testLogger = pino({ level: 'warn', mixin: () => ({ correlationId: requestContext.current()?.correlationId }) }, sink);
export const testNestLogger = new PinoNestLogger(testLogger);

export interface RunningGateway {
  app: NestFastifyApplication;
  config: GatewayConfig;
  url: string;
  api: ApiClient;
  /** JSON log lines (warn and above) of every Nest app in this process (see testLogger). */
  logs: Array<Record<string, Json>>;
  close: () => Promise<void>;
}

/** The gateway in-process, built exactly as main.ts builds it, on a free port. */
export async function startGateway(env: Record<string, string>): Promise<RunningGateway> {
  const config = loadGatewayConfig(env);
  const app = await startServiceApp(GatewayModule.forRoot(config), {
    logger: testLogger,
    http: { port: 0, host: '127.0.0.1', bodyLimitBytes: config.bodyLimitBytes },
    configure: (nest) => configureGatewayApp(nest, config, testLogger),
  });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  return { app, config, url, api: new ApiClient(url), logs, close: () => app.close() };
}
