import { CreateMessagingTables1764000000000 } from '@app/messaging';
import { serviceDataSourceOptions } from '@app/platform';
import { DataSource, DataSourceOptions } from 'typeorm';
import { CreateAppointmentsSchema1764400000000 } from './migrations/1764400000000-create-appointments-schema';
import { AppointmentRescheduleFacts1765000017000 } from './migrations/1765000017000-appointment-reschedule-facts';

export function appointmentsDataSourceOptions(url: string): DataSourceOptions {
  return serviceDataSourceOptions({
    url,
    applicationName: 'appointments',
    entities: [],
    migrations: [CreateMessagingTables1764000000000, CreateAppointmentsSchema1764400000000, AppointmentRescheduleFacts1765000017000],
  });
}

/** For the TypeORM CLI (migration:generate / migration:run). */
export default new DataSource(
  appointmentsDataSourceOptions(process.env.APPOINTMENTS_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/appointments'),
);
