export * from './workflow';
export * from './contact';
export * from './contact-page';
export * from './settings-store';
