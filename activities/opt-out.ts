/**
 * The opt-out list's activities: the check every dial and SMS makes first, and the writes fed by the
 * person's own words — an SMS STOP/START (from their inbox workflow) and a spoken opt-out in any call's
 * transcript (from callWorkflow after every call, and from inbound-call handling).
 */
import { toE164 } from '../agentphone';
import {
  suppressionOf,
  OPT_OUT_REASON_MAX_CHARS,
  type ContactKind,
  type OptOutChannel,
  type OptOutScope,
  type Suppression,
} from '../common/opt-out';
import type { Logger } from '../common/process/logger';
import { addOptOuts, liftOptOut, lookUpOptOut, type OptOutListAccess } from '../client/opt-out-list';
import { findSpokenOptOut } from '../outcome/spoken-opt-out';
import type { CallRecord, InboundSms } from '../workflows/types';

/** The check before a dial or an SMS: the opt-out that stops it, or undefined. One query, no API request. */
export type SuppressionCheck = (e164: string, contact: ContactKind) => Promise<Suppression | undefined>;

/** The list check of a process, under its configured scope (RINGFLOW_OPT_OUT_SCOPE). */
export function suppressionCheck(access: OptOutListAccess, scope: OptOutScope): SuppressionCheck {
  return async (e164, contact) => suppressionOf(await lookUpOptOut(access, e164), contact, scope);
}

export interface OptOutActivityDeps extends OptOutListAccess {
  logger: Logger;
}

/** What `recordSpokenOptOut` found and did. */
export type SpokenOptOutResult =
  | { optedOut: false }
  | {
      optedOut: true;
      /** The person who asked: the callee of an outbound call, the caller of an inbound one. */
      number: string;
      /** The transcript turn it rests on. */
      evidence: { index: number; text: string };
      /** False when the number was already listed for voice (its first mark stands). */
      added: boolean;
    };

/** The E.164 form of a person's number, or undefined (no caller id, a short code, garbage). */
function personNumber(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    return toE164(raw);
  } catch {
    return undefined;
  }
}

export function createOptOutActivities(deps: OptOutActivityDeps) {
  return {
    /**
     * Records an SMS STOP (adds the sender, channel sms, the message id as source) or START (lifts
     * their SMS opt-out), as the ingress read the message. Idempotent, so a retry or a duplicated
     * webhook changes nothing. A START does not lift a spoken or an operator's opt-out: consent given
     * back by text is consent to texts.
     */
    async recordSmsConsent({ sms }: { sms: InboundSms }): Promise<{ changed: boolean }> {
      const number = personNumber(sms.from);
      const log = deps.logger.child({ messageId: sms.messageId, reading: sms.reading.kind });
      if (!number) {
        log.info('consent keyword from a sender that is no phone number; nothing recorded');
        return { changed: false };
      }
      if (sms.reading.kind === 'stop') {
        const keyword = sms.body.trim().toUpperCase().slice(0, 20);
        const { added } = await addOptOuts(deps, [
          { number, channel: 'sms', reason: `texted ${keyword}`, source: sms.messageId, at: sms.receivedAt },
        ]);
        log.info({ added }, 'SMS opt-out recorded');
        return { changed: added > 0 };
      }
      if (sms.reading.kind === 'start') {
        const { lifted } = await liftOptOut(deps, number, ['sms']);
        log.info({ lifted }, 'SMS opt-out lifted');
        return { changed: lifted.length > 0 };
      }
      return { changed: false };
    },

    /**
     * Reads an ended call's transcript for a spoken opt-out ("stop calling me", "take me off your
     * list") and, if there is one, adds the person (callee of an outbound call, caller of an inbound
     * one) with channel voice and the call id as source. Idempotent.
     */
    async recordSpokenOptOut({ call }: { call: CallRecord }): Promise<SpokenOptOutResult> {
      const found = findSpokenOptOut(call.transcript);
      if (!found) return { optedOut: false };
      const log = deps.logger.child({ callId: call.callId });
      const number = personNumber(call.direction === 'inbound' ? call.from : call.to);
      if (!number) {
        log.warn('spoken opt-out from a number that cannot be listed; nothing recorded');
        return { optedOut: false };
      }
      const reason = `said: "${found.text}"`.slice(0, OPT_OUT_REASON_MAX_CHARS);
      const { added } = await addOptOuts(deps, [
        {
          number,
          channel: 'voice' satisfies OptOutChannel,
          reason,
          source: call.callId,
          at: call.endedAt ?? undefined,
        },
      ]);
      log.info({ added, turn: found.index }, 'spoken opt-out recorded');
      return { optedOut: true, number, evidence: found, added: added > 0 };
    },
  };
}
