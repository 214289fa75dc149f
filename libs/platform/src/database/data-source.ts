import { Logger } from '@nestjs/common';
import type { Client } from 'pg';
import { DataSource, DataSourceOptions, MixedList } from 'typeorm';
import { ensureDatabase } from './ensure-database';
import { DEFAULT_PREPARED_STATEMENTS, PreparedStatementOptions, PreparedStatements, serviceClient } from './service-client';

export interface ServiceDataSourceOptions {
  url: string;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  poolSize?: number;
  applicationName: string;
  /** Repeated statements run prepared (prepared-statements.ts); false sends every one unnamed. */
  preparedStatements?: PreparedStatementOptions | false;
}

const logger = new Logger('Database');

/** Arbitrary constant: every service takes this advisory lock in its own database while migrating. */
const MIGRATION_LOCK_KEY = 7_251_301;

export function serviceDataSourceOptions(options: ServiceDataSourceOptions): DataSourceOptions {
  const prepared = options.preparedStatements ?? DEFAULT_PREPARED_STATEMENTS;
  return {
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    applicationName: options.applicationName,
    extra: {
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
      Client: serviceClient(prepared ? new PreparedStatements(prepared) : null),
      // Every pool connection listens for its own errors for its whole life. pg-pool listens only
      // while a connection is idle and TypeORM from a tick after handing it out, so a connection
      // cut as it was established (pg_terminate_backend, a PostgreSQL restart) emitted 'error'
      // with nobody listening and killed the process. The query using it still fails, and the
      // pool drops it.
      onConnect: (client: Client) => {
        client.on('error', (error: Error) => logger.warn(`A database connection failed: ${error.message}`));
      },
    },
  };
}

/**
 * Create the database if missing, connect, and run pending migrations. Migrations run
 * under a session advisory lock so replicas starting together do not race each other.
 */
export async function openServiceDataSource(options: DataSourceOptions & { url?: string }): Promise<DataSource> {
  if (!options.url) throw new Error('A service data source needs a url');
  await ensureDatabase(options.url);
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  try {
    await runMigrationsLocked(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

export async function runMigrationsLocked(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
