import type { FastifyInstance } from 'fastify';

import { SendMessageRequestSchema } from '../../agentphone/schemas/requests';
import type { SimContext } from '../context';
import { requireAccount } from '../http/auth';
import { ApiError } from '../http/errors';
import { parseBody } from '../http/validate';
import { isRestrictedDestination, normalisePhone } from '../messaging';

/** `POST /v1/messages` (spec §5, snake_case). */
export function registerMessages(app: FastifyInstance, ctx: () => SimContext): void {
  app.post('/v1/messages', async (request) => {
    const { world, messaging } = ctx();
    const account = requireAccount(world, request);
    const body = parseBody(SendMessageRequestSchema, request.body);
    if (!body.to_number)
      throw new ApiError(400, 'iMessage group sends (recipients) are not supported by the simulator');
    if (isRestrictedDestination(body.to_number)) {
      throw new ApiError(
        403,
        'Messages to emergency, N11 or crisis numbers are not allowed',
        'RESTRICTED_DESTINATION',
      );
    }
    const to = normalisePhone(body.to_number);
    if (!to || !to.startsWith('+')) {
      throw new ApiError(422, 'to_number is not a valid phone number', 'VALIDATION_ERROR', {}, [
        { loc: ['body', 'to_number'], msg: 'invalid phone number', type: 'value_error' },
      ]);
    }
    const from = messaging.senderFor(account, body);
    const mediaUrls = body.media_urls ?? (body.media_url ? [body.media_url] : []);
    const { message, conversation } = messaging.send(from, to, body.body, mediaUrls);
    return {
      id: message.id,
      status: 'sent',
      channel: message.channel,
      from_number: message.from,
      to_number: message.to,
      conversation_id: conversation.id,
      media_urls: message.mediaUrls,
      reply_to_message_id: body.reply_to_message_id ?? null,
      reply_parent_unresolved: null,
    };
  });
}
