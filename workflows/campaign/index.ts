export * from './workflow';
export * from './contact';
export * from './contact-page';
export * from './scheduled';
export * from './settings-store';
