import { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';
import { openServiceDataSource } from './data-source';

/** The service's own database: created if missing, migrated under a lock, then handed to TypeORM. */
export function serviceDatabaseModule(options: () => DataSourceOptions): DynamicModule {
  return TypeOrmModule.forRootAsync({
    useFactory: options,
    dataSourceFactory: async (resolved) => openServiceDataSource(resolved as DataSourceOptions & { url?: string }),
  });
}
