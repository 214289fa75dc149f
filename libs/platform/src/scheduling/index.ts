export * from './single-flight-interval';
