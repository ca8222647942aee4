import { apiPath } from '../internal/path';
import type { HttpClient, RequestOptions } from '../internal/http';
import { offsetShape, paginate, type PagePromise } from '../pagination';
import type {
  AttachNumberRequest,
  CreateAgentRequest,
  OffsetPageQuery,
  UpdateAgentRequest,
} from '../schemas/requests';
import {
  AgentListResponseSchema,
  AgentSchema,
  AttachNumberResponseSchema,
  CallListResponseSchema,
  ConversationListResponseSchema,
  DeleteAgentResponseSchema,
  SuccessResponseSchema,
  VoiceListResponseSchema,
  type Agent,
  type AttachNumberResponse,
  type CallSummary,
  type ConversationSummary,
  type DeleteAgentResponse,
  type SuccessResponse,
  type VoiceListResponse,
} from '../schemas/responses';

/** Agents, their numbers, calls and conversations, and the voice catalogue (§4). */
export class AgentsResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * Every agent of the account (`GET /v1/agents`; offset pages without `hasMore`).
   *
   * @example
   * for await (const agent of client.agents.list()) console.log(agent.id, agent.voiceMode);
   */
  list(query: OffsetPageQuery = {}, options?: RequestOptions): PagePromise<Agent> {
    return paginate(
      (params) =>
        this.http.json(
          { method: 'GET', path: '/v1/agents', query: params, schema: AgentListResponseSchema },
          options,
        ),
      offsetShape<Agent, OffsetPageQuery>(),
      query,
    );
  }

  /**
   * Creates an agent (`POST /v1/agents`). Never retried by the client (a repeat creates a second agent).
   *
   * @example
   * const agent = await client.agents.create({ name: 'Booker', voiceMode: 'hosted', systemPrompt: '...' });
   */
  async create(body: CreateAgentRequest, options?: RequestOptions): Promise<Agent> {
    return this.http.json({ method: 'POST', path: '/v1/agents', body, schema: AgentSchema }, options);
  }

  /**
   * One agent with its attached `numbers`.
   *
   * @example
   * const agent = await client.agents.retrieve('agt_0a1b2c3d4e5f6071');
   */
  async retrieve(agentId: string, options?: RequestOptions): Promise<Agent> {
    return this.http.json(
      { method: 'GET', path: apiPath`/v1/agents/${agentId}`, schema: AgentSchema },
      options,
    );
  }

  /**
   * Partial update (`PATCH`); `customTools` replaces the whole list.
   *
   * @example
   * await client.agents.update(agentId, { voicemailMessage: 'Please call us back.' });
   */
  async update(agentId: string, body: UpdateAgentRequest, options?: RequestOptions): Promise<Agent> {
    return this.http.json(
      { method: 'PATCH', path: apiPath`/v1/agents/${agentId}`, body, schema: AgentSchema },
      options,
    );
  }

  /**
   * Deletes an agent; its numbers, calls and conversations survive with `agentId: null`.
   *
   * @example
   * await client.agents.delete(agentId);
   */
  async delete(agentId: string, options?: RequestOptions): Promise<DeleteAgentResponse> {
    return this.http.json(
      {
        method: 'DELETE',
        path: apiPath`/v1/agents/${agentId}`,
        schema: DeleteAgentResponseSchema,
        emptyBody: { success: true },
      },
      options,
    );
  }

  /**
   * Attaches a number of the account (`POST /v1/agents/{id}/numbers`, camel `numberId`). Attaching is a
   * set operation, so the client may repeat it.
   *
   * @example
   * await client.agents.attachNumber(agentId, { numberId: 'num_8f3a2b7c9d4e5f01' });
   */
  async attachNumber(
    agentId: string,
    body: AttachNumberRequest,
    options?: RequestOptions,
  ): Promise<AttachNumberResponse> {
    return this.http.json(
      {
        method: 'POST',
        path: apiPath`/v1/agents/${agentId}/numbers`,
        body,
        schema: AttachNumberResponseSchema,
        retry: 'idempotent',
      },
      options,
    );
  }

  /**
   * Detaches a number; it stays active with `agentId: null`.
   *
   * @example
   * await client.agents.detachNumber(agentId, numberId);
   */
  async detachNumber(agentId: string, numberId: string, options?: RequestOptions): Promise<SuccessResponse> {
    return this.http.json(
      {
        method: 'DELETE',
        path: apiPath`/v1/agents/${agentId}/numbers/${numberId}`,
        schema: SuccessResponseSchema,
        emptyBody: { success: true },
      },
      options,
    );
  }

  /**
   * The agent's calls, newest first (offset pages).
   *
   * @example
   * const { data } = await client.agents.calls(agentId, { limit: 50 });
   */
  calls(agentId: string, query: OffsetPageQuery = {}, options?: RequestOptions): PagePromise<CallSummary> {
    return paginate(
      (params) =>
        this.http.json(
          {
            method: 'GET',
            path: apiPath`/v1/agents/${agentId}/calls`,
            query: params,
            schema: CallListResponseSchema,
          },
          options,
        ),
      offsetShape<CallSummary, OffsetPageQuery>(),
      query,
    );
  }

  /**
   * The agent's conversations (offset pages).
   *
   * @example
   * for await (const conversation of client.agents.conversations(agentId)) console.log(conversation.participant);
   */
  conversations(
    agentId: string,
    query: OffsetPageQuery = {},
    options?: RequestOptions,
  ): PagePromise<ConversationSummary> {
    return paginate(
      (params) =>
        this.http.json(
          {
            method: 'GET',
            path: apiPath`/v1/agents/${agentId}/conversations`,
            query: params,
            schema: ConversationListResponseSchema,
          },
          options,
        ),
      offsetShape<ConversationSummary, OffsetPageQuery>(),
      query,
    );
  }

  /**
   * The voice catalogue (`GET /v1/agents/voices`, snake_case items).
   *
   * @example
   * const { data } = await client.agents.voices(); // [{ voice_id, voice_name, ... }]
   */
  async voices(options?: RequestOptions): Promise<VoiceListResponse> {
    return this.http.json(
      { method: 'GET', path: '/v1/agents/voices', schema: VoiceListResponseSchema },
      options,
    );
  }
}
