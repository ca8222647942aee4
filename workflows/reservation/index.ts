export { reservationWorkflow } from './workflow';
