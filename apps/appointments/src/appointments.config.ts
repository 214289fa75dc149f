import { host, parseEnv, port, postgresUrl, sharedEnvSchema, sharedSettings } from '@app/platform';
import type { SharedSettings } from '@app/platform';

const appointmentsEnvSchema = sharedEnvSchema.extend({
  APPOINTMENTS_HTTP_PORT: port(3003),
  APPOINTMENTS_TCP_PORT: port(4003),
  APPOINTMENTS_TCP_HOST: host('127.0.0.1'),
  APPOINTMENTS_DATABASE_URL: postgresUrl('appointments'),
  BOOKING_TCP_HOST: host('127.0.0.1'),
  BOOKING_TCP_PORT: port(4001),
});

export interface AppointmentsConfig extends SharedSettings {
  httpPort: number;
  tcp: { host: string; port: number };
  databaseUrl: string;
  /** Booking's RPC port: the reconciler asks it for the state of bookings (DESIGN §6.6). */
  bookingTcp: { host: string; port: number };
}

export const APPOINTMENTS_CONFIG = Symbol('APPOINTMENTS_CONFIG');

export function loadAppointmentsConfig(env: NodeJS.ProcessEnv = process.env): AppointmentsConfig {
  const e = parseEnv(appointmentsEnvSchema, env);
  return {
    httpPort: e.APPOINTMENTS_HTTP_PORT,
    tcp: { host: e.APPOINTMENTS_TCP_HOST, port: e.APPOINTMENTS_TCP_PORT },
    databaseUrl: e.APPOINTMENTS_DATABASE_URL,
    ...sharedSettings(e),
    bookingTcp: { host: e.BOOKING_TCP_HOST, port: e.BOOKING_TCP_PORT },
  };
}
