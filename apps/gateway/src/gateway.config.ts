import { host, parseEnv, port, postgresUrl, sharedEnvSchema } from '@app/platform';
import type { LogLevel } from '@app/platform';

const gatewayEnvSchema = sharedEnvSchema.extend({
  GATEWAY_PORT: port(3000),
  GATEWAY_DATABASE_URL: postgresUrl('gateway'),
  BOOKING_TCP_HOST: host('127.0.0.1'),
  BOOKING_TCP_PORT: port(4001),
  PAYMENTS_TCP_HOST: host('127.0.0.1'),
  PAYMENTS_TCP_PORT: port(4002),
  APPOINTMENTS_TCP_HOST: host('127.0.0.1'),
  APPOINTMENTS_TCP_PORT: port(4003),
});

export interface ServiceEndpoint {
  host: string;
  port: number;
}

export interface GatewayConfig {
  port: number;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  logLevel: LogLevel;
  services: { booking: ServiceEndpoint; payments: ServiceEndpoint; appointments: ServiceEndpoint };
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const e = parseEnv(gatewayEnvSchema, env);
  return {
    port: e.GATEWAY_PORT,
    databaseUrl: e.GATEWAY_DATABASE_URL,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    logLevel: e.LOG_LEVEL,
    services: {
      booking: { host: e.BOOKING_TCP_HOST, port: e.BOOKING_TCP_PORT },
      payments: { host: e.PAYMENTS_TCP_HOST, port: e.PAYMENTS_TCP_PORT },
      appointments: { host: e.APPOINTMENTS_TCP_HOST, port: e.APPOINTMENTS_TCP_PORT },
    },
  };
}
