import type { AgentPhone } from '../agentphone';
import type { Logger } from '../common/process/logger';
import type { Suppression } from '../common/opt-out';
import { translatingErrors } from './failures';
import { beginSideEffect, reconcileIntent, type IntentRecorder } from './intent';
import { readWithinAttempt } from './read-within-attempt';
import type { SuppressionCheck } from './opt-out';
import { DEFAULT_SMS_SENDER, composeSms, consentOf } from '../common/sms-consent';

export interface SendSmsRequest {
  /** Reused by every attempt: e.g. "<workflowId>:offer:1". */
  intentKey: string;
  agentId?: string | undefined;
  toNumber: string;
  body: string;
  /**
   * The answer to the contact's own HELP: always signed with the opt-out wording, and sent even after
   * they opted out (they asked).
   */
  helpAnswer?: boolean | undefined;
}

export interface SentSms {
  suppressed: false;
  messageId: string;
  toNumber: string;
  /** The text as it went out (a first contact's carries the sender's name and the opt-out wording). */
  body: string;
  reconciled: boolean;
}

/** An SMS not sent: the number is on the opt-out list. No AgentPhone request was made for it. */
export interface SuppressedSms {
  suppressed: true;
  toNumber: string;
  suppression: Suppression;
}

export interface SmsActivityDeps {
  agentphone: AgentPhone;
  logger: Logger;
  defaultAgentId?: string | undefined;
  /** Who the first SMS to a contact says it is from (RINGFLOW_SMS_SENDER). */
  smsSender?: string | undefined;
  /** The opt-out list, asked right before every SMS. */
  suppressionOf: SuppressionCheck;
  /** Makes what a send saw before posting durable (`temporalIntentRecorder`), so a retry can trust it. */
  recordIntent: IntentRecorder;
  /** Waits between look-up retries within an attempt; the activity's sleep unless a test passes one. */
  pauseBeforeReread?: ((ms: number) => Promise<void>) | undefined;
}

/** How much of our number's history one send reads: the largest page the API serves. */
const HISTORY_READ = 200;

export function createSmsActivities(deps: SmsActivityDeps) {
  const { agentphone } = deps;
  const sender = deps.smsSender ?? DEFAULT_SMS_SENDER;
  const numberOfAgent = new Map<string, string>();

  async function agentNumberId(agentId: string): Promise<string | undefined> {
    if (!numberOfAgent.has(agentId)) {
      const agent = await agentphone.agents.retrieve(agentId);
      const first = agent.numbers?.[0]?.id;
      if (first) numberOfAgent.set(agentId, first);
    }
    return numberOfAgent.get(agentId);
  }

  return {
    /**
     * Sends one SMS, exactly once per intent, within the carriers' rules. A number on the opt-out list
     * is not texted (the result says `suppressed`; a first attempt makes no AgentPhone request), unless
     * this answers their own HELP. Then one read of our number's latest messages serves two checks: a
     * retry returns the SMS an earlier attempt already sent (same recipient, same text, and not there
     * before this intent first posted); a first contact's text, and every HELP answer, names the sender
     * and says how to opt out. The list, not that history, is the record of consent.
     */
    async sendSms(request: SendSmsRequest): Promise<SentSms | SuppressedSms> {
      const { intent, agentId, toNumber, log } = beginSideEffect(request, deps);
      const signedBody = composeSms(request.body, { sender, introduced: false });
      const refused = async (): Promise<SuppressedSms | undefined> => {
        if (request.helpAnswer) return undefined; // they asked who we are: the answer goes out
        const suppression = await deps.suppressionOf(toNumber, 'sms');
        if (!suppression) return undefined;
        log.info({ channel: suppression.channel, since: suppression.at }, 'on the opt-out list; not texting');
        return { suppressed: true, toNumber, suppression };
      };
      if (!intent.mayHaveCommitted) {
        const suppressed = await refused();
        if (suppressed) return suppressed;
      }

      return translatingErrors(async () => {
        // A failed read is read again here, not guessed around: see readWithinAttempt.
        const history = await readWithinAttempt(
          async () => {
            const numberId = await agentNumberId(agentId);
            return numberId
              ? (await agentphone.numbers.messages(numberId, { limit: HISTORY_READ })).data
              : [];
          },
          intent.reads,
          (err, delayMs, nextTry) =>
            log.info({ err: String(err), delayMs, nextTry }, 'history read failed; reading again'),
        );
        const lookAlikes = history.filter(
          (m) =>
            m.direction === 'outbound' &&
            m.to === toNumber &&
            (m.body === request.body || m.body === signedBody),
        );
        const reconciled = reconcileIntent(intent, lookAlikes);
        if (reconciled.own) {
          const sent = reconciled.own;
          log.info({ messageId: sent.id }, 'found the SMS an earlier attempt sent; not sending again');
          return { suppressed: false, messageId: sent.id, toNumber, body: sent.body, reconciled: true };
        }
        // A retry checks here, once it knows no earlier attempt's text went out.
        if (intent.mayHaveCommitted) {
          const suppressed = await refused();
          if (suppressed) return suppressed;
        }
        const consent = consentOf(history, toNumber);
        const signed = request.helpAnswer || !consent.introduced;
        const body = signed ? signedBody : request.body;
        await reconciled.recordBeforePosting();
        const sent = await agentphone.messages.send(
          { agent_id: agentId, to_number: toNumber, body },
          { maxRetries: 0 },
        );
        log.info({ messageId: sent.id, signed }, 'SMS sent');
        return { suppressed: false, messageId: sent.id, toNumber, body, reconciled: false };
      });
    },
  };
}
