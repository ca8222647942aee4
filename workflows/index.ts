export * from './self-check';
