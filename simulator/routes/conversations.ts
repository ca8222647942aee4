import type { FastifyInstance } from 'fastify';

import {
  ConversationDetailQuerySchema,
  CursorPageQuerySchema,
  OffsetPageQuerySchema,
  UpdateConversationRequestSchema,
} from '../../agentphone/schemas/requests';
import type { SimContext } from '../context';
import { requireAccount } from '../http/auth';
import { notFound } from '../http/errors';
import { cursorPage, offsetPage } from '../http/pagination';
import { parseBody, parseQuery } from '../http/validate';
import { conversationMessageJson, conversationSummaryJson } from '../serializers';
import type { AccountRecord, ConversationRecord } from '../state';
import type { World } from '../world';

type Params = { conversation_id: string };

/** Conversations (spec §6): one per (our number, participant), newest activity first. */
export function registerConversations(app: FastifyInstance, ctx: () => SimContext): void {
  const find = (world: World, account: AccountRecord, id: string) => {
    const conversation = world.state.conversations.find((c) => c.id === id && c.accountId === account.id);
    if (!conversation) throw notFound('Conversation');
    return conversation;
  };
  const messagesOf = (world: World, conversation: ConversationRecord) =>
    world.state.messages.filter((m) => m.conversationId === conversation.id);
  const summary = (world: World, conversation: ConversationRecord) => {
    const number = world.state.numbers.find((n) => n.id === conversation.numberId);
    if (!number) throw notFound('Phone number');
    return conversationSummaryJson(conversation, number, messagesOf(world, conversation));
  };
  const detail = (world: World, conversation: ConversationRecord, messageLimit: number) => {
    // The detail keeps the summary's preview too: a superset of the SDK's ConversationDetail.
    const recent = messagesOf(world, conversation).slice(-messageLimit).reverse();
    return { ...summary(world, conversation), messages: recent.map(conversationMessageJson) };
  };

  app.get('/v1/conversations', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const query = parseQuery(OffsetPageQuerySchema, request.query);
    const conversations = world.state.conversations
      .filter((c) => c.accountId === account.id)
      .sort((a, b) => b.lastMessageAtMs - a.lastMessageAtMs);
    return offsetPage(conversations, query, (c) => summary(world, c));
  });

  app.get<{ Params: Params }>('/v1/conversations/:conversation_id', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const conversation = find(world, account, request.params.conversation_id);
    const query = parseQuery(ConversationDetailQuerySchema, request.query);
    return detail(world, conversation, query.message_limit);
  });

  app.patch<{ Params: Params }>('/v1/conversations/:conversation_id', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const conversation = find(world, account, request.params.conversation_id);
    const body = parseBody(UpdateConversationRequestSchema, request.body);
    if (body.metadata !== undefined) conversation.metadata = body.metadata;
    world.changed();
    return detail(world, conversation, 50);
  });

  app.get<{ Params: Params }>('/v1/conversations/:conversation_id/messages', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const conversation = find(world, account, request.params.conversation_id);
    const query = parseQuery(CursorPageQuerySchema, request.query);
    return cursorPage(messagesOf(world, conversation), (m) => m.receivedAtMs, query, conversationMessageJson);
  });
}
