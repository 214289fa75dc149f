import { CreateMessagingTables1764000000000 } from '@app/messaging';
import { serviceDataSourceOptions } from '@app/platform';
import { DataSource, DataSourceOptions } from 'typeorm';
import { UserEntity } from '../users/persistence/user.entity';
import { CreateUsers1764100000000 } from './migrations/1764100000000-create-users';
import { StaffAccountsActiveAndCalendarKey1765000016000 } from './migrations/1765000016000-staff-accounts-active-and-calendar-key';

export function gatewayDataSourceOptions(url: string): DataSourceOptions {
  return serviceDataSourceOptions({
    url,
    applicationName: 'gateway',
    entities: [UserEntity],
    migrations: [CreateMessagingTables1764000000000, CreateUsers1764100000000, StaffAccountsActiveAndCalendarKey1765000016000],
  });
}

/** For the TypeORM CLI (migration:generate / migration:run). */
export default new DataSource(
  gatewayDataSourceOptions(process.env.GATEWAY_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/gateway'),
);
