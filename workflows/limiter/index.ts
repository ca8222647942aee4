export { callSlotsWorkflow } from './slots-workflow';
export { callAttemptsWorkflow } from './attempts-workflow';
