export { AgentPhone, DEFAULT_BASE_URL, type AgentPhoneOptions } from './client';
export { silentAgentPhoneLogger, type AgentPhoneLogger } from './logger';
export {
  AgentPhoneError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  APIConnectionError,
  APIConnectionTimeoutError,
  ResponseValidationError,
  InvalidPhoneNumberError,
  EmergencyNumberError,
  WebhookVerificationError,
  isRetryable,
  retryAfterMs,
  makeAPIError,
  type APIErrorInit,
  type RequestTarget,
  type InvalidPhoneNumberReason,
  type EmergencyNumberReason,
  type WebhookVerificationReason,
} from './errors';
export { MAX_RETRY_AFTER_MS } from './internal/retry-after';
export type { RequestOptions } from './internal/http';
export { PagePromise, type Page } from './pagination';
export type { CallRecording, TranscriptStreamEvent } from './resources/calls';
export {
  verifyWebhook,
  verifyWebhookSignature,
  parseWebhookEnvelope,
  parseWebhookEvent,
  signWebhook,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  WEBHOOK_ID_HEADER,
  EVENT_HEADER,
  type HeadersLike,
  type VerifyWebhookInput,
  type SignWebhookInput,
  type SignedWebhook,
} from './webhook-signature';
export {
  toE164,
  assertDialable,
  isDialable,
  timeZoneForNumber,
  timeZonesForNumber,
  AREA_CODES,
} from './phone';
export * from './schemas';
