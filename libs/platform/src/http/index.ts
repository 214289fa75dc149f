export * from './json-body-parser';
