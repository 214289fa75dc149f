export * from './config';
export * from './logging';
export * from './database';
export * from './observability';
export * from './redis';
export * from './bootstrap';
export * from './rpc';
export * from './scheduling';
