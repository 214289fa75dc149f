export * from './rpc-context.interceptor';
export * from './rpc-errors.filter';
export * from './internal-rpc-client';
export * from './rpc-handler.decorator';
