/**
 * ringflow's own worker metrics (Prometheus, via prom-client), counted where activities return: calls
 * placed, call outcomes, SMS sent, reconciliations and opt-outs honoured. Label values come from closed
 * sets (a flow read from the workflow id, a call status mapped onto known ones), never from free text, so
 * no phone number or id reaches a label and the series stay few.
 */
import { Counter, type Registry } from 'prom-client';

/** The flow a side effect belongs to, read from the first segment of its workflow id / intent key. */
export const METRIC_FLOWS = [
  'reservation',
  'campaign',
  'missed_call',
  'inbound_call',
  'sms_inbox',
  'call',
  'sms',
  'other',
] as const;
export type MetricFlow = (typeof METRIC_FLOWS)[number];

const FLOW_OF_ID_PREFIX: Record<string, MetricFlow> = {
  reservation: 'reservation',
  campaign: 'campaign',
  'missed-call': 'missed_call',
  'inbound-call': 'inbound_call',
  'sms-inbox': 'sms_inbox',
  call: 'call',
  sms: 'sms',
};

/**
 * The flow of a workflow id or an intent key (which starts with one).
 *
 * @example flowOfWorkflowId('reservation:r1:call:1') // → 'reservation'
 */
export function flowOfWorkflowId(id: string): MetricFlow {
  return FLOW_OF_ID_PREFIX[id.split(':', 1)[0] ?? ''] ?? 'other';
}

/** Call statuses as AgentPhone reports an ended call; anything else counts as `other`. */
export const METRIC_CALL_STATUSES = [
  'completed',
  'failed',
  'busy',
  'no_answer',
  'canceled',
  'other',
] as const;
export type MetricCallStatus = (typeof METRIC_CALL_STATUSES)[number];

/** `no-answer` → `no_answer`; an unknown status → `other`. */
export function metricCallStatus(status: string): MetricCallStatus {
  const normal = status.trim().toLowerCase().replace(/[-\s]/g, '_');
  const known = (METRIC_CALL_STATUSES as readonly string[]).includes(normal);
  return known ? (normal as MetricCallStatus) : normal === 'cancelled' ? 'canceled' : 'other';
}

/** The counters activities move. */
export interface ActivityMetrics {
  callsPlaced: Counter<'flow'>;
  callOutcomes: Counter<'flow' | 'status'>;
  smsSent: Counter<'flow'>;
  reconciliations: Counter<'side_effect'>;
  optOutsHonoured: Counter<'channel'>;
}

/**
 * Registers the activity counters in `registry` (one registry per worker process; tests use their own).
 *
 * @example const metrics = createActivityMetrics(new Registry());
 */
export function createActivityMetrics(registry: Registry): ActivityMetrics {
  const registers = [registry];
  return {
    callsPlaced: new Counter({
      name: 'ringflow_calls_placed_total',
      help: 'Outbound calls placed, once per intent (a retry that found the earlier call counts once), by flow.',
      labelNames: ['flow'],
      registers,
    }),
    callOutcomes: new Counter({
      name: 'ringflow_call_outcomes_total',
      help: "Ended calls read by a flow, by flow and AgentPhone's final call status.",
      labelNames: ['flow', 'status'],
      registers,
    }),
    smsSent: new Counter({
      name: 'ringflow_sms_sent_total',
      help: 'SMS sent, once per intent (owner relays included), by flow.',
      labelNames: ['flow'],
      registers,
    }),
    reconciliations: new Counter({
      name: 'ringflow_reconciliations_total',
      help: 'Retries that found the call or SMS an earlier attempt had sent, instead of sending again.',
      labelNames: ['side_effect'],
      registers,
    }),
    optOutsHonoured: new Counter({
      name: 'ringflow_opt_outs_honoured_total',
      help: 'Dials and SMS not made because the number is on the opt-out list, by channel.',
      labelNames: ['channel'],
      registers,
    }),
  };
}
