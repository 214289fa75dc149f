export * from './infrastructure-unavailable';
