import type { AgentPhone } from '../agentphone';
import type { Logger } from '../common/logger';
import { translatingErrors } from './failures';
import { CLOCK_SKEW_MS, beginSideEffect } from './intent';

export interface SendSmsRequest {
  /** Reused by every attempt: e.g. "<workflowId>:offer:1". */
  intentKey: string;
  agentId?: string | undefined;
  toNumber: string;
  body: string;
}

export interface SentSms {
  messageId: string;
  toNumber: string;
  body: string;
  reconciled: boolean;
}

export interface SmsActivityDeps {
  agentphone: AgentPhone;
  logger: Logger;
  defaultAgentId?: string | undefined;
}

export function createSmsActivities(deps: SmsActivityDeps) {
  const { agentphone } = deps;
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
     * Sends one SMS, exactly once per intent: a retry first looks in the agent's number's history for
     * the same body to the same recipient since the intent began, and returns it instead of sending again.
     */
    async sendSms(request: SendSmsRequest): Promise<SentSms> {
      const { intent, agentId, toNumber, log } = beginSideEffect(request, deps);

      return translatingErrors(async () => {
        if (intent.mayHaveCommitted) {
          const numberId = await agentNumberId(agentId);
          if (numberId) {
            const after = new Date(intent.startedAtMs - CLOCK_SKEW_MS).toISOString();
            const page = await agentphone.numbers.messages(numberId, { after, limit: 200 });
            const sent = page.data.find(
              (m) => m.direction === 'outbound' && m.to === toNumber && m.body === request.body,
            );
            if (sent) {
              log.info({ messageId: sent.id }, 'found the SMS an earlier attempt sent; not sending again');
              return { messageId: sent.id, toNumber, body: request.body, reconciled: true };
            }
          }
        }
        const sent = await agentphone.messages.send(
          { agent_id: agentId, to_number: toNumber, body: request.body },
          { maxRetries: 0 },
        );
        log.info({ messageId: sent.id }, 'SMS sent');
        return { messageId: sent.id, toNumber, body: request.body, reconciled: false };
      });
    },
  };
}
