import { CreateMessagingTables1764000000000 } from '@app/messaging';
import { serviceDataSourceOptions } from '@app/platform';
import { DataSource, DataSourceOptions } from 'typeorm';

export function gatewayDataSourceOptions(url: string): DataSourceOptions {
  return serviceDataSourceOptions({
    url,
    applicationName: 'gateway',
    entities: [],
    migrations: [CreateMessagingTables1764000000000],
  });
}

/** For the TypeORM CLI (migration:generate / migration:run). */
export default new DataSource(
  gatewayDataSourceOptions(process.env.GATEWAY_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/gateway'),
);
