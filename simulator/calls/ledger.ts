import type { SimCallRecord } from '../state';

/**
 * What was dialled, kept as counters so it stays small and exact at any scale: totals, calls by persona
 * and by how they ended, and outbound calls per number. Full call records may be pruned
 * (`retainEndedCalls`); the ledger never is, so a 100k-contact run can still be checked call by call.
 */
export interface CallLedgerRecord {
  calls: number;
  outbound: number;
  inbound: number;
  byPersona: Record<string, number>;
  /** Ended calls by `<status>/<disconnectionReason>`. */
  byEnd: Record<string, number>;
  /** Outbound calls per destination number. */
  callsByNumber: Record<string, number>;
}

export function emptyLedger(): CallLedgerRecord {
  return { calls: 0, outbound: 0, inbound: 0, byPersona: {}, byEnd: {}, callsByNumber: {} };
}

const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

/** Counts a call as it is placed. */
export function ledgerPlaced(ledger: CallLedgerRecord, call: SimCallRecord): void {
  ledger.calls += 1;
  bump(ledger.byPersona, call.persona);
  if (call.direction === 'outbound') {
    ledger.outbound += 1;
    bump(ledger.callsByNumber, call.remoteNumber);
  } else ledger.inbound += 1;
}

/** Counts a call as it ends. */
export function ledgerEnded(ledger: CallLedgerRecord, call: SimCallRecord): void {
  bump(ledger.byEnd, `${call.status}/${call.disconnectionReason}`);
}

/**
 * `GET /_sim/ledger`: the counters, numbers by how often they were called, one number's count, and with
 * `numbers` every number's count (a run played in several sittings adds its sittings up).
 */
export function ledgerJson(ledger: CallLedgerRecord, live: number, number?: string, numbers = false) {
  const byCallCount: Record<string, number> = {};
  for (const count of Object.values(ledger.callsByNumber)) bump(byCallCount, String(count));
  return {
    calls: ledger.calls,
    outbound: ledger.outbound,
    inbound: ledger.inbound,
    live,
    byPersona: ledger.byPersona,
    byEnd: ledger.byEnd,
    numbersCalled: Object.keys(ledger.callsByNumber).length,
    /** How many numbers were called once, twice, … (`{"1": 99990, "2": 10}`). */
    byCallCount,
    ...(number !== undefined ? { callsTo: { number, calls: ledger.callsByNumber[number] ?? 0 } } : {}),
    ...(numbers ? { callsByNumber: ledger.callsByNumber } : {}),
  };
}
