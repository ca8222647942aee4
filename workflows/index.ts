// The worker's workflowsPath: every workflow ringflow runs, one export each.
export * from './self-check';
export * from './call-events';
export * from './call';
export * from './sms-inbox';
export * from './reservation';
export * from './sms';
export * from './agent-settings';
export * from './webhook-dead-letter';
export * from './opt-out';
export * from './missed-call';
export * from './inbound-call';
export * from './campaign';
export * from './limiter';
export * from './onboarding';
