export * from './transcript';
export * from './reservation';
export * from './extractors';
export * from './llm-extractor';
export * from './config';
export { readSummary } from './summary';
export { callFactsFromJson, type SavedCall } from './call-facts';
