export * from './common';
export * from './requests';
export * from './responses';
export * from './webhooks';
