export * from './redis-options';
