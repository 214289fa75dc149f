export * from './rpc-context.interceptor';
export * from './rpc-errors.filter';
