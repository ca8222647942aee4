import { apiPath } from '../internal/path';
import type { HttpClient, RequestOptions } from '../internal/http';
import { cursorShape, offsetShape, paginate, type PagePromise } from '../pagination';
import type {
  ConversationDetailQuery,
  CursorPageQuery,
  OffsetPageQuery,
  UpdateConversationRequest,
} from '../schemas/requests';
import {
  ConversationDetailSchema,
  ConversationListResponseSchema,
  ConversationMessageListResponseSchema,
  type ConversationDetail,
  type ConversationMessage,
  type ConversationSummary,
} from '../schemas/responses';

/** Message threads, one per (our number, participant) (§6). */
export class ConversationsResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * Conversations by `lastMessageAt`, newest first (offset pages).
   *
   * @example
   * for await (const conversation of client.conversations.list()) console.log(conversation.participant);
   */
  list(query: OffsetPageQuery = {}, options?: RequestOptions): PagePromise<ConversationSummary> {
    return paginate(
      (params) =>
        this.http.json(
          { method: 'GET', path: '/v1/conversations', query: params, schema: ConversationListResponseSchema },
          options,
        ),
      offsetShape<ConversationSummary, OffsetPageQuery>(),
      query,
    );
  }

  /**
   * One conversation with its latest messages (`message_limit` 1–100, default 50).
   *
   * @example
   * const { messages } = await client.conversations.retrieve(conversationId, { message_limit: 10 });
   */
  async retrieve(
    conversationId: string,
    query: ConversationDetailQuery = {},
    options?: RequestOptions,
  ): Promise<ConversationDetail> {
    return this.http.json(
      {
        method: 'GET',
        path: apiPath`/v1/conversations/${conversationId}`,
        query,
        schema: ConversationDetailSchema,
      },
      options,
    );
  }

  /**
   * Replaces the conversation's `metadata` (echoed to webhooks as `conversationState`).
   *
   * @example
   * await client.conversations.update(conversationId, { metadata: { orderId: 'ORD-1' } });
   */
  async update(
    conversationId: string,
    body: UpdateConversationRequest,
    options?: RequestOptions,
  ): Promise<ConversationDetail> {
    return this.http.json(
      {
        method: 'PATCH',
        path: apiPath`/v1/conversations/${conversationId}`,
        body,
        schema: ConversationDetailSchema,
      },
      options,
    );
  }

  /**
   * The conversation's messages, newest first (time-cursor pages).
   *
   * @example
   * const { data } = await client.conversations.messages(conversationId, { after: since });
   */
  messages(
    conversationId: string,
    query: CursorPageQuery = {},
    options?: RequestOptions,
  ): PagePromise<ConversationMessage> {
    return paginate(
      (params) =>
        this.http.json(
          {
            method: 'GET',
            path: apiPath`/v1/conversations/${conversationId}/messages`,
            query: params,
            schema: ConversationMessageListResponseSchema,
          },
          options,
        ),
      cursorShape<ConversationMessage, CursorPageQuery>(),
      query,
    );
  }
}
