import type { z } from 'zod';

import { ResponseValidationError } from '../errors';
import { apiPath } from '../internal/path';
import type { HttpClient, RequestOptions } from '../internal/http';
import { offsetShape, paginate, type PagePromise } from '../pagination';
import { assertDialable } from '../phone/dialable';
import { toE164 } from '../phone/e164';
import type { CreateCallRequest, ListCallsQuery, RetrieveCallQuery } from '../schemas/requests';
import {
  CallDetailSchema,
  CallListResponseSchema,
  CallStreamEndedSchema,
  CallTranscriptResponseSchema,
  CallTranscriptSchema,
  CreateCallResponseSchema,
  EndCallResponseSchema,
  type CallDetail,
  type CallStreamEnded,
  type CallSummary,
  type CallTranscript,
  type CallTranscriptResponse,
  type CreateCallResponse,
  type EndCallResponse,
} from '../schemas/responses';
import { readServerSentEvents } from '../sse';

/** A call recording as served (`audio/wav` in practice). */
export interface CallRecording {
  data: Uint8Array;
  contentType: string;
  /** From `Content-Disposition`, when the server names the file. */
  filename: string | undefined;
}

/** One event of the live transcript stream. */
export type TranscriptStreamEvent =
  { event: 'turn'; data: CallTranscript } | { event: 'ended'; data: CallStreamEnded };

/** Outbound calls, call history, transcripts, recordings (§7). */
export class CallsResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * Places an outbound AI call (`POST /v1/calls`). `toNumber` is normalised to E.164 and refused before
   * any I/O when it is an emergency/N11/crisis number or not reachable. **Never retried by the client**,
   * whatever `maxRetries` says: a retry could dial twice, so after an ambiguous failure the caller must
   * look for the call first. A `ConflictError` here is the concurrency cap and is retryable.
   *
   * @example
   * const call = await client.calls.create({ agentId, toNumber: '+14155559999', systemPrompt: '...' });
   */
  async create(body: CreateCallRequest, options?: RequestOptions): Promise<CreateCallResponse> {
    const toNumber = assertDialable(toE164(body.toNumber));
    return this.http.json(
      {
        method: 'POST',
        path: '/v1/calls',
        body: { ...body, toNumber },
        schema: CreateCallResponseSchema,
        retry: 'never',
      },
      options,
    );
  }

  /**
   * Calls of the account, newest first, filterable by `status`, `direction`, `type`, `search`.
   *
   * @example
   * for await (const call of client.calls.list({ status: 'completed' })) console.log(call.id);
   */
  list(query: ListCallsQuery = {}, options?: RequestOptions): PagePromise<CallSummary> {
    return paginate(
      (params) =>
        this.http.json(
          { method: 'GET', path: '/v1/calls', query: params, schema: CallListResponseSchema },
          options,
        ),
      offsetShape<CallSummary, ListCallsQuery>(),
      query,
    );
  }

  /**
   * One call with its paired `transcripts` (partial while live).
   *
   * @example
   * const call = await client.calls.retrieve(callId);
   * if (call.status === 'completed') console.log(call.transcripts.length);
   */
  async retrieve(
    callId: string,
    query: RetrieveCallQuery = {},
    options?: RequestOptions,
  ): Promise<CallDetail> {
    return this.http.json(
      { method: 'GET', path: apiPath`/v1/calls/${callId}`, query, schema: CallDetailSchema },
      options,
    );
  }

  /**
   * Asks AgentPhone to hang up; the final status arrives later. A 409 means the call was not live.
   *
   * @example
   * await client.calls.end(callId);
   */
  async end(callId: string, options?: RequestOptions): Promise<EndCallResponse> {
    return this.http.json(
      {
        method: 'POST',
        path: apiPath`/v1/calls/${callId}/end`,
        schema: EndCallResponseSchema,
        retry: 'idempotent',
      },
      options,
    );
  }

  /**
   * The full ordered transcript as flat `{role, content, createdAt}` lines.
   *
   * @example
   * const { transcript } = await client.calls.transcript(callId);
   */
  async transcript(callId: string, options?: RequestOptions): Promise<CallTranscriptResponse> {
    return this.http.json(
      { method: 'GET', path: apiPath`/v1/calls/${callId}/transcript`, schema: CallTranscriptResponseSchema },
      options,
    );
  }

  /**
   * The call's audio as bytes (public endpoint: the call id is the capability; a 404 means no recording).
   *
   * @example
   * const { data, contentType } = await client.calls.recording(callId);
   * await writeFile(`${callId}.wav`, data);
   */
  async recording(callId: string, options?: RequestOptions): Promise<CallRecording> {
    const response = await this.http.raw(
      { method: 'GET', path: apiPath`/v1/calls/${callId}/recording`, auth: 'optional' },
      options,
    );
    const disposition = response.headers['content-disposition'] ?? '';
    return {
      data: response.body,
      contentType: response.headers['content-type'] ?? 'application/octet-stream',
      filename: /filename="?([^";]+)"?/.exec(disposition)?.[1],
    };
  }

  /**
   * Streams the transcript live: stored turns first, then each new `turn`, then one `ended` event, after
   * which the iteration finishes. Heartbeat comments are skipped; events of other names are ignored.
   * Breaking out of the loop closes the connection.
   *
   * @example
   * for await (const event of client.calls.streamTranscript(callId)) {
   *   if (event.event === 'turn') console.log(event.data.role, event.data.content);
   * }
   */
  async *streamTranscript(callId: string, options?: RequestOptions): AsyncGenerator<TranscriptStreamEvent> {
    const path = apiPath`/v1/calls/${callId}/transcript/stream`;
    const response = await this.http.stream({ method: 'GET', path }, options);
    try {
      for await (const message of readServerSentEvents(response.body)) {
        if (message.event === 'turn') {
          yield {
            event: 'turn',
            data: parseEventData(CallTranscriptSchema, message.data, path, response.status),
          };
        } else if (message.event === 'ended') {
          yield {
            event: 'ended',
            data: parseEventData(CallStreamEndedSchema, message.data, path, response.status),
          };
          return;
        }
      }
    } finally {
      response.body.destroy();
    }
  }
}

function parseEventData<S extends z.ZodType>(
  schema: S,
  data: string,
  path: string,
  status: number,
): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    value = undefined;
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ResponseValidationError({
    method: 'GET',
    path,
    status,
    rawBody: data,
    issues: parsed.error.issues,
  });
}
