import { apiPath } from '../internal/path';
import type { HttpClient, RequestOptions } from '../internal/http';
import { cursorShape, offsetShape, paginate, type PagePromise } from '../pagination';
import type { CreateNumberRequest, CursorPageQuery, OffsetPageQuery } from '../schemas/requests';
import {
  CallListResponseSchema,
  NumberMessageListResponseSchema,
  PhoneNumberListResponseSchema,
  PhoneNumberSchema,
  ReleaseNumberResponseSchema,
  type CallSummary,
  type NumberMessage,
  type PhoneNumber,
  type ReleaseNumberResponse,
} from '../schemas/responses';

/** Phone numbers, their message history and calls (§5). */
export class NumbersResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * Active numbers of the account (offset pages; released numbers are left out).
   *
   * @example
   * for await (const number of client.numbers.list()) console.log(number.phoneNumber);
   */
  list(query: OffsetPageQuery = {}, options?: RequestOptions): PagePromise<PhoneNumber> {
    return paginate(
      (params) =>
        this.http.json(
          { method: 'GET', path: '/v1/numbers', query: params, schema: PhoneNumberListResponseSchema },
          options,
        ),
      offsetShape<PhoneNumber, OffsetPageQuery>(),
      query,
    );
  }

  /**
   * Buys a number (`POST /v1/numbers`, $3 per 30 days). Never retried by the client: a repeat buys a
   * second number.
   *
   * @example
   * const number = await client.numbers.create({ areaCode: '415', agentId });
   */
  async create(body: CreateNumberRequest = {}, options?: RequestOptions): Promise<PhoneNumber> {
    return this.http.json({ method: 'POST', path: '/v1/numbers', body, schema: PhoneNumberSchema }, options);
  }

  /**
   * One number (released ones too).
   *
   * @example
   * const number = await client.numbers.retrieve('num_8f3a2b7c9d4e5f01');
   */
  async retrieve(numberId: string, options?: RequestOptions): Promise<PhoneNumber> {
    return this.http.json(
      { method: 'GET', path: apiPath`/v1/numbers/${numberId}`, schema: PhoneNumberSchema },
      options,
    );
  }

  /**
   * Releases a number for good (no refund). A second release is a 400.
   *
   * @example
   * await client.numbers.release(numberId);
   */
  async release(numberId: string, options?: RequestOptions): Promise<ReleaseNumberResponse> {
    return this.http.json(
      {
        method: 'DELETE',
        path: apiPath`/v1/numbers/${numberId}`,
        schema: ReleaseNumberResponseSchema,
        emptyBody: { success: true },
      },
      options,
    );
  }

  /**
   * The number's messages, newest first (time-cursor pages: `before`/`after` are exclusive ISO times).
   * Each item carries `from` whichever spelling the server used.
   *
   * @example
   * const { data } = await client.numbers.messages(numberId, { after: since, limit: 200 });
   */
  messages(
    numberId: string,
    query: CursorPageQuery = {},
    options?: RequestOptions,
  ): PagePromise<NumberMessage> {
    return paginate(
      (params) =>
        this.http.json(
          {
            method: 'GET',
            path: apiPath`/v1/numbers/${numberId}/messages`,
            query: params,
            schema: NumberMessageListResponseSchema,
          },
          options,
        ),
      cursorShape<NumberMessage, CursorPageQuery>(),
      query,
    );
  }

  /**
   * Calls on this number (offset pages).
   *
   * @example
   * const { data } = await client.numbers.calls(numberId, { limit: 20 });
   */
  calls(numberId: string, query: OffsetPageQuery = {}, options?: RequestOptions): PagePromise<CallSummary> {
    return paginate(
      (params) =>
        this.http.json(
          {
            method: 'GET',
            path: apiPath`/v1/numbers/${numberId}/calls`,
            query: params,
            schema: CallListResponseSchema,
          },
          options,
        ),
      offsetShape<CallSummary, OffsetPageQuery>(),
      query,
    );
  }
}
