import { ApiError, notFound } from './http/errors';
import type { AccountRecord, ConversationRecord, MessageRecord, NumberRecord } from './state';
import { inboundMessageEvent } from './webhooks/events';
import type { WebhookDispatcher } from './webhooks/dispatcher';
import type { World } from './world';

/** Emergency, N11 and crisis lines cannot be called or texted (spec §1.5). */
export function isRestrictedDestination(phone: string): boolean {
  const digits = phone.replace(/\D/g, '');
  const local = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  return (
    /^[2-9]11$/.test(local) ||
    local === '988' ||
    local === '112' ||
    /^1?[2-9]11$/.test(digits) ||
    /^1?988$/.test(digits)
  );
}

/** `to_number` accepts any format and is normalised to E.164 (US/CA by default). */
export function normalisePhone(raw: string): string | null {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : null;
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  if (digits.length === 3) return digits;
  return null;
}

/**
 * SMS in both directions: threading into one conversation per (our number, participant), the
 * `agent.message` webhook for inbound texts, and auto-replies from simulated humans.
 */
export class Messaging {
  constructor(
    private readonly world: World,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  conversationFor(number: NumberRecord, participant: string): ConversationRecord {
    const { state, clock } = this.world;
    let conversation = state.conversations.find(
      (c) => c.numberId === number.id && c.participant === participant,
    );
    if (!conversation) {
      conversation = {
        id: this.world.newId('conversation'),
        accountId: number.accountId,
        numberId: number.id,
        participant,
        metadata: null,
        createdAtMs: clock.now(),
        lastMessageAtMs: clock.now(),
      };
      state.conversations.push(conversation);
    }
    return conversation;
  }

  /** Picks the sending number: `from_number` > `number_id` > the agent's first number. */
  senderFor(
    account: AccountRecord,
    body: { agent_id?: string | null; number_id?: string | null; from_number?: string | null },
  ): NumberRecord {
    const { world } = this;
    if (body.from_number) {
      const number = world.state.numbers.find(
        (n) => n.accountId === account.id && n.phoneNumber === body.from_number && n.status === 'active',
      );
      if (!number) throw notFound('Phone number');
      return number;
    }
    if (body.number_id) {
      const number = world.number(account.id, body.number_id);
      if (number.status !== 'active') throw new ApiError(400, 'Phone number has been released');
      return number;
    }
    if (body.agent_id) {
      const agent = world.agent(account.id, body.agent_id);
      const number = world.numbersOf(agent.id)[0];
      if (!number) throw new ApiError(400, 'Agent has no phone number attached');
      return number;
    }
    throw new ApiError(400, 'One of agent_id, number_id or from_number is required');
  }

  send(
    from: NumberRecord,
    to: string,
    body: string,
    mediaUrls: string[],
  ): { message: MessageRecord; conversation: ConversationRecord } {
    const conversation = this.conversationFor(from, to);
    const message = this.store(conversation, from, {
      from: from.phoneNumber,
      to,
      body,
      mediaUrls,
      direction: 'outbound',
    });
    this.scheduleAutoReplies(message);
    return { message, conversation };
  }

  /** A human at `from` texts our number `to`: stored, threaded, and delivered as `agent.message`. */
  receive(from: string, to: string, body: string, mediaUrls: string[] = []): MessageRecord {
    const { world } = this;
    const number = world.numberByPhone(to);
    if (!number) throw new ApiError(404, `No active number ${to} in the simulator`);
    const conversation = this.conversationFor(number, from);
    const message = this.store(conversation, number, { from, to, body, mediaUrls, direction: 'inbound' });
    this.dispatcher.emit(inboundMessageEvent(message, conversation));
    return message;
  }

  /** Stores one message on `number`'s conversation and moves the conversation's last-message time. */
  private store(
    conversation: ConversationRecord,
    number: NumberRecord,
    fields: Pick<MessageRecord, 'from' | 'to' | 'body' | 'mediaUrls' | 'direction'>,
  ): MessageRecord {
    const { world } = this;
    const message: MessageRecord = {
      id: world.newId('message'),
      accountId: number.accountId,
      conversationId: conversation.id,
      numberId: number.id,
      agentId: number.agentId,
      from: fields.from,
      to: fields.to,
      body: fields.body,
      direction: fields.direction,
      channel: fields.mediaUrls.length > 0 ? 'mms' : 'sms',
      mediaUrls: fields.mediaUrls,
      receivedAtMs: world.clock.now(),
    };
    world.state.messages.push(message);
    conversation.lastMessageAtMs = message.receivedAtMs;
    world.changed();
    return message;
  }

  /**
   * Replies wait on the simulated clock. The rules persist across a restart; a reply still waiting
   * when the simulator stops is lost, like a text a person forgot to send.
   */
  private scheduleAutoReplies(message: MessageRecord): void {
    for (const rule of this.world.state.autoReplies) {
      if (rule.from !== message.to) continue;
      if (rule.to && rule.to !== message.from) continue;
      if (rule.match && !new RegExp(rule.match, 'i').test(message.body)) continue;
      this.world.clock.after(rule.delayMs, () => {
        try {
          this.receive(rule.from, message.from, rule.reply);
        } catch (err) {
          this.world.logger.warn({ err }, 'auto-reply could not be delivered');
        }
      });
    }
  }
}
