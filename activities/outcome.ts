import { timeZoneForNumber } from '../agentphone';
import type { Logger } from '../common/process/logger';
import { extractReservationOutcome as extract, type OutcomeExtractor } from '../outcome/extractors';
import type { ReservationOutcome, TableWanted } from '../outcome/reservation';
import type { CallRecord } from '../workflows/types';

export interface OutcomeActivityDeps {
  logger: Logger;
  /** The extractor chain after dial-failure classification; defaults to analysis → transcript. */
  outcomeExtractors?: OutcomeExtractor[] | undefined;
}

/**
 * Outcome extraction runs as an activity, not in workflow code: its answer is recorded in history, so the
 * extractor (or an LLM behind it) can change without breaking the replay of running workflows.
 */
export function createOutcomeActivities(deps: OutcomeActivityDeps) {
  return {
    async extractReservationOutcome({
      call,
      request,
    }: {
      call: CallRecord;
      request: TableWanted;
    }): Promise<ReservationOutcome> {
      // "Tomorrow" on the call means the restaurant's tomorrow: read the day in its time zone.
      const remote = call.direction === 'inbound' ? call.from : call.to;
      const timeZone = remote ? timeZoneForNumber(remote) : undefined;
      const outcome = await extract(
        { call, request, ...(timeZone ? { timeZone } : {}) },
        { logger: deps.logger, ...(deps.outcomeExtractors ? { extractors: deps.outcomeExtractors } : {}) },
      );
      deps.logger.info({ callId: call.callId, kind: outcome.kind, source: outcome.source }, 'call outcome');
      return outcome;
    },
  };
}
