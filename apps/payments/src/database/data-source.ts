import { CreateMessagingTables1764000000000 } from '@app/messaging';
import { serviceDataSourceOptions } from '@app/platform';
import { DataSource, DataSourceOptions } from 'typeorm';
import { CreatePaymentsSchema1764200000000 } from './migrations/1764200000000-create-payments-schema';
import { MoneyOwed1765000014000 } from './migrations/1765000014000-money-owed';

export function paymentsDataSourceOptions(url: string): DataSourceOptions {
  return serviceDataSourceOptions({
    url,
    applicationName: 'payments',
    entities: [],
    migrations: [CreateMessagingTables1764000000000, CreatePaymentsSchema1764200000000, MoneyOwed1765000014000],
  });
}

/** For the TypeORM CLI (migration:generate / migration:run). */
export default new DataSource(
  paymentsDataSourceOptions(process.env.PAYMENTS_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/payments'),
);
