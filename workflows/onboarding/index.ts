export { onboardingWorkflow } from './workflow';
