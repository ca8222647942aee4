import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WebhookDelivery } from '../../../agentphone';
import { describeDeliveries, summarizeDeliveries } from '../../../client/webhook-deliveries';

const delivery = (id: string, overrides: Partial<WebhookDelivery>): WebhookDelivery => ({
  id,
  messageId: null,
  eventType: 'agent.call_ended',
  channel: 'voice',
  status: 'success',
  httpStatus: 200,
  errorMessage: null,
  responseBody: '{"status":"accepted"}',
  attemptCount: 1,
  lastAttemptAt: null,
  nextRetryAt: null,
  createdAt: '2026-12-01T10:00:00Z',
  ...overrides,
});

test("each delivery gets the ingress's verdict: accepted, duplicate, dead-lettered, rejected by reason, unreachable", () => {
  const views = describeDeliveries(
    [
      delivery('d1', {}),
      delivery('d2', { responseBody: '{"status":"duplicate"}' }),
      delivery('d3', { httpStatus: 202, responseBody: '{"status":"dead_lettered","id":"x"}' }),
      delivery('d4', { status: 'failed', httpStatus: 401, responseBody: '{"error":"bad_signature"}' }),
      delivery('d5', { status: 'failed', httpStatus: 401, responseBody: '{"error":"stale"}' }),
      delivery('d6', { status: 'failed', httpStatus: 503, responseBody: '{"error":"temporal_unavailable"}' }),
      delivery('d7', {
        status: 'failed',
        httpStatus: null,
        responseBody: null,
        errorMessage: 'ECONNREFUSED',
      }),
      delivery('d8', { status: 'pending', httpStatus: null, responseBody: null }),
    ],
    [
      {
        id: 'k',
        workflowId: 'webhook-dead-letter:k',
        reason: 'no call id',
        event: 'agent.call_ended',
        webhookId: 'd3',
        receivedAt: '2026-12-01T10:00:01Z',
      },
    ],
  );
  assert.deepEqual(
    views.map((v) => [v.id, v.verdict, v.reason]),
    [
      ['d1', 'accepted', null],
      ['d2', 'duplicate', null],
      ['d3', 'dead-lettered', 'no call id'],
      ['d4', 'rejected', 'bad_signature'],
      ['d5', 'rejected', 'stale'],
      ['d6', 'ingress-error', 'temporal_unavailable'],
      ['d7', 'not-delivered', 'ECONNREFUSED'],
      ['d8', 'pending', null],
    ],
  );
  assert.deepEqual(summarizeDeliveries(views).rejectedByReason, { bad_signature: 1, stale: 1 });
});
