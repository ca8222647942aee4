import type { CallEngine } from './calls/engine';
import type { FaultBook } from './faults';
import type { RequestLog } from './http/request-log';
import type { Messaging } from './messaging';
import type { WebhookDispatcher } from './webhooks/dispatcher';
import type { World } from './world';

/** What every route module is given. */
export interface SimContext {
  world: World;
  calls: CallEngine;
  messaging: Messaging;
  webhooks: WebhookDispatcher;
  faults: FaultBook;
  requestLog: RequestLog;
  mcpStatuses: boolean;
  /** The simulator's seed (the persona mix draws from it unless it has its own). */
  seed: number;
  /** Starts everything over: empty state (plus a fresh ready account unless disabled). */
  reset(): Promise<void>;
}
