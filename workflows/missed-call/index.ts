export { missedCallWorkflow } from './workflow';
