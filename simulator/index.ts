export { buildSimulator, type Simulator, type SimulatorOptions } from './build';
export { parseSpeed, type Speed } from './clock';
export {
  FaultSpecSchema,
  FaultListSchema,
  type FaultSpec,
  type RouteFault,
  type WebhookFault,
} from './faults';
export { PERSONA_NAMES, DEFAULT_PERSONA, type PersonaName } from './callees/registry';
export { DEFAULT_RETRY_DELAYS_MS } from './webhooks/dispatcher';
export type { ReadyAccount } from './state';
