import type { HttpClient, RequestOptions } from '../internal/http';
import { assertDialable } from '../phone/dialable';
import { toE164 } from '../phone/e164';
import type { SendMessageRequest } from '../schemas/requests';
import { SendMessageResponseSchema, type SendMessageResponse } from '../schemas/responses';

/** Outbound SMS/MMS (§5). */
export class MessagesResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * Sends one message (`POST /v1/messages`, snake_case). `to_number` is normalised to E.164 and refused
   * before any I/O if it is an emergency, N11 or crisis number (`EmergencyNumberError`) or not reachable
   * (`InvalidPhoneNumberError`). **Never retried by the client**, whatever `maxRetries` says: after an
   * ambiguous failure the caller must check the conversation before sending again.
   *
   * @example
   * const sent = await client.messages.send({ agent_id: agentId, to_number: '+14155559999', body: 'Booked!' });
   */
  async send(body: SendMessageRequest, options?: RequestOptions): Promise<SendMessageResponse> {
    const to_number = body.to_number ? assertDialable(toE164(body.to_number)) : body.to_number;
    return this.http.json(
      {
        method: 'POST',
        path: '/v1/messages',
        body: { ...body, to_number },
        schema: SendMessageResponseSchema,
        retry: 'never',
      },
      options,
    );
  }
}
