/**
 * Relays an inbound SMS to the agent's owner (issue 9 §3): a one-time code as "Code from Google:
 * 123456", any other text nobody waited for as "SMS from +1…: <text>" when the owner asked for that
 * (`ringflow sms-relay enable --relay-sms`). The owner's settings are read on every relay, so a change
 * applies to the next SMS; the text goes through `sendSms`, exactly once per message (its intent key is
 * the inbox's id and the message id), signed on a first contact and never sent to an owner who texted
 * STOP. The code itself is never logged: log lines name the message id and the decision only.
 */
import { toE164 } from '../agentphone';
import { readSmsRelaySettings, type SmsRelaySettings } from '../client/sms-relay-settings';
import type { Client } from '@temporalio/client';
import { SMS_BODY_MAX_CHARS } from '../common/sms-consent';
import type { InboundSms } from '../workflows/types';
import { resolveAgentId } from './failures';
import { createSmsActivities, type SmsActivityDeps } from './sms';

export interface RelaySmsRequest {
  /** The inbox that received it (`sms-inbox:<agentId>:<numberKey>`): with the message id, the intent. */
  inboxWorkflowId: string;
  sms: InboundSms;
  /** `code`: it carries a one-time code (read at the edge); `message`: a text nobody waited for. */
  kind: 'code' | 'message';
}

/** Why nothing was relayed, for the inbox's log (never the text). */
export type SmsRelaySkip =
  | 'relay-off' // the owner never enabled the relay, or disabled it
  | 'codes-off'
  | 'relay-sms-off'
  | 'from-owner' // the owner's own number sent it: relaying it back would loop
  | 'a-relay' // it is itself a relay (two numbers relaying to each other would text forever)
  | 'owner-opted-out'; // the owner texted STOP to our number

export type SmsRelayResult = { relayed: true; messageId: string } | { relayed: false; skipped: SmsRelaySkip };

export interface SmsRelayActivityDeps extends SmsActivityDeps {
  temporal: Client;
}

export interface SmsRelayOverrides {
  /** How the owner's settings are read; tests replace the Temporal query. */
  readSettings?: (agentId: string) => Promise<SmsRelaySettings | null>;
}

export function createSmsRelayActivities(deps: SmsRelayActivityDeps, overrides: SmsRelayOverrides = {}) {
  const smsActivities = createSmsActivities(deps);
  const readSettings = overrides.readSettings ?? ((agentId) => readSmsRelaySettings(deps.temporal, agentId));

  return {
    /**
     * Texts the owner what `request.sms` says, once per message, when their settings ask for it; a
     * skip is a result, not a failure.
     */
    async relaySmsToOwner(request: RelaySmsRequest): Promise<SmsRelayResult> {
      const { sms, kind } = request;
      const agentId = resolveAgentId(sms.agentId ?? undefined, deps.defaultAgentId);
      const intentKey = `${request.inboxWorkflowId}:relay:${sms.messageId}`;
      const log = deps.logger.child({ intent: intentKey, agentId, kind });
      const settings = await readSettings(agentId);
      const skipped = skipOf(settings, request);
      if (skipped || !settings) {
        log.info({ skipped: skipped ?? 'relay-off' }, 'SMS not relayed to the owner');
        return { relayed: false, skipped: skipped ?? 'relay-off' };
      }
      const sent = await smsActivities.sendSms({
        intentKey,
        agentId,
        toNumber: settings.notify,
        body: relayText(request),
      });
      if (sent.suppressed) {
        // The owner is on the opt-out list (texted STOP to our number): nothing was sent.
        log.info({ skipped: 'owner-opted-out' }, 'SMS not relayed to the owner');
        return { relayed: false, skipped: 'owner-opted-out' };
      }
      log.info({ messageId: sent.messageId }, 'SMS relayed to the owner');
      return { relayed: true, messageId: sent.messageId };
    },
  };
}

function skipOf(settings: SmsRelaySettings | null, { sms, kind }: RelaySmsRequest): SmsRelaySkip | null {
  if (!settings) return 'relay-off';
  if (kind === 'code' && !settings.codes) return 'codes-off';
  if (kind === 'message' && !settings.relaySms) return 'relay-sms-off';
  if (sameNumber(sms.from, settings.notify)) return 'from-owner';
  if (RELAY_SHAPED.test(sms.body)) return 'a-relay';
  return null;
}

/** What {@link relayText} writes, behind a first contact's "<sender>: " if any. */
const RELAY_SHAPED = /^(?:[^:\n]{1,30}: )?(?:SMS from \S+|Code from [^:\n]{1,60}): /;

function sameNumber(from: string, owner: string): boolean {
  try {
    return toE164(from) === owner;
  } catch {
    return false; // a short code or a sender name is never the owner's phone
  }
}

/**
 * What the owner reads. A code says who sent it and the code alone (the service's own wording, often
 * with links, is left out); any other text is quoted whole, cut to what one relay may carry.
 *
 * @example relayText({ kind: 'code', sms: { oneTimeCode: { code: '123456', service: 'Google' }, … } })
 * // → 'Code from Google: 123456'
 */
export function relayText({ sms, kind }: Pick<RelaySmsRequest, 'sms' | 'kind'>): string {
  if (kind === 'code' && sms.oneTimeCode)
    return `Code from ${sms.oneTimeCode.service ?? sms.from}: ${sms.oneTimeCode.code}`;
  // An MMS may carry no text; the owner still learns someone wrote.
  const text = `SMS from ${sms.from}: ${sms.body.trim() === '' ? '(no text: a picture or a file)' : sms.body}`;
  return text.length <= SMS_BODY_MAX_CHARS ? text : `${text.slice(0, SMS_BODY_MAX_CHARS - 1)}…`;
}
