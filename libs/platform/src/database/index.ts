export * from './data-source';
export * from './database.module';
export * from './ensure-database';
export * from './advisory-lock';
export * from './sql';
export * from './service-client';
