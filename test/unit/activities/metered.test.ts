import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { meterActivities } from '../../../activities/metered';
import { createActivityMetrics, flowOfWorkflowId, metricCallStatus } from '../../../activities/metrics';
import type { CallRecord } from '../../../workflows/types';
import { sampleValue } from '../../helpers/prometheus';

const SUPPRESSION = { channel: 'sms', reason: 'STOP', source: 'sms', at: '2026-12-01T00:00:00Z' } as never;

function call(status: string): CallRecord {
  return {
    callId: 'call_1',
    status,
    disconnectionReason: null,
    durationSeconds: 1,
    startedAt: null,
    endedAt: null,
    from: null,
    to: '+14155550123',
    direction: 'outbound',
    transcript: [],
    summary: null,
    userSentiment: null,
    callSuccessful: null,
  };
}

/** Activities that answer as told, so each branch of the counting is reached. */
function scripted(results: {
  placed?: 'new' | 'reconciled' | 'suppressed';
  sms?: 'new' | 'reconciled' | 'suppressed';
}) {
  return {
    async placeCall(request: { toNumber: string; agentId?: string | undefined }) {
      if (results.placed === 'suppressed')
        return {
          suppressed: true as const,
          agentId: 'agt',
          toNumber: request.toNumber,
          suppression: SUPPRESSION,
        };
      return {
        suppressed: false as const,
        callId: 'call_1',
        agentId: 'agt',
        toNumber: request.toNumber,
        reconciled: results.placed === 'reconciled',
      };
    },
    async sendSms(request: { toNumber: string; body: string }) {
      if (results.sms === 'suppressed')
        return { suppressed: true as const, toNumber: request.toNumber, suppression: SUPPRESSION };
      return {
        suppressed: false as const,
        messageId: 'msg_1',
        toNumber: request.toNumber,
        body: request.body,
        reconciled: results.sms === 'reconciled',
      };
    },
    async relaySmsToOwner() {
      return { relayed: false as const, skipped: 'owner-opted-out' as const };
    },
    async recordSpokenOptOut() {
      return { optedOut: false as const };
    },
    async noteCallOutcome(input: { status: CallRecord['status'] }) {
      return input;
    },
    async ping() {
      return 'untouched';
    },
  };
}

describe('activity metrics', () => {
  test('count placed calls by flow, reconciliations, suppressed dials and SMS, and outcomes', async () => {
    const registry = new Registry();
    const metrics = createActivityMetrics(registry);
    const plain = meterActivities(scripted({ placed: 'new', sms: 'new' }) as never, metrics) as ReturnType<
      typeof scripted
    >;
    const retried = meterActivities(
      scripted({ placed: 'reconciled', sms: 'reconciled' }) as never,
      metrics,
    ) as ReturnType<typeof scripted>;
    const refused = meterActivities(
      scripted({ placed: 'suppressed', sms: 'suppressed' }) as never,
      metrics,
    ) as ReturnType<typeof scripted>;
    const req = { intentKey: 'reservation:r1:call:1', toNumber: '+14155550123', systemPrompt: 'p' };
    await plain.placeCall(req);
    await retried.placeCall({ ...req, intentKey: 'campaign:c1:contact:3:call:1' } as never);
    await refused.placeCall(req);
    const sms = { intentKey: 'missed-call:agt:k:call_9:summary', toNumber: '+14155550199', body: 'hi' };
    await plain.sendSms(sms);
    await retried.sendSms(sms);
    await refused.sendSms(sms);
    await refused.relaySmsToOwner();
    await (plain.recordSpokenOptOut as (i: { call: CallRecord }) => Promise<unknown>)({
      call: call('no-answer'),
    });
    // The call whose transcript the ingress read (no opt-out) is counted by noteCallOutcome instead.
    await plain.noteCallOutcome({ status: 'completed' });
    assert.equal(await plain.ping(), 'untouched');

    const text = await registry.metrics();
    assert.equal(sampleValue(text, 'ringflow_calls_placed_total', { flow: 'reservation' }), 1);
    assert.equal(sampleValue(text, 'ringflow_calls_placed_total', { flow: 'campaign' }), 1);
    assert.equal(sampleValue(text, 'ringflow_calls_placed_total'), 2, 'a suppressed dial is not placed');
    assert.equal(sampleValue(text, 'ringflow_sms_sent_total', { flow: 'missed_call' }), 2);
    assert.equal(sampleValue(text, 'ringflow_reconciliations_total', { side_effect: 'call' }), 1);
    assert.equal(sampleValue(text, 'ringflow_reconciliations_total', { side_effect: 'sms' }), 1);
    assert.equal(sampleValue(text, 'ringflow_opt_outs_honoured_total', { channel: 'call' }), 1);
    assert.equal(sampleValue(text, 'ringflow_opt_outs_honoured_total', { channel: 'sms' }), 2);
    assert.equal(
      sampleValue(text, 'ringflow_call_outcomes_total', { status: 'no_answer', flow: 'other' }),
      1,
    );
    assert.equal(
      sampleValue(text, 'ringflow_call_outcomes_total', { status: 'completed', flow: 'other' }),
      1,
    );
  });

  test('a failed attempt counts nothing (the retry that returns counts once)', async () => {
    const registry = new Registry();
    const failing = {
      ...scripted({}),
      async placeCall(): Promise<never> {
        throw new Error('connection dropped');
      },
    };
    const metered = meterActivities(failing as never, createActivityMetrics(registry)) as typeof failing;
    await assert.rejects(metered.placeCall(), /connection dropped/);
    assert.equal(sampleValue(await registry.metrics(), 'ringflow_calls_placed_total'), 0);
  });

  test('flows come from the workflow id, never from its variable parts', () => {
    assert.equal(flowOfWorkflowId('reservation:abc:call:2'), 'reservation');
    assert.equal(flowOfWorkflowId('missed-call:agt_1:k3y:call_1:call:1'), 'missed_call');
    assert.equal(flowOfWorkflowId('sms-inbox:agt_1:k3y:relay:msg_1'), 'sms_inbox');
    assert.equal(flowOfWorkflowId('+14155550123'), 'other');
  });

  test('call statuses map onto a closed set', () => {
    assert.equal(metricCallStatus('completed'), 'completed');
    assert.equal(metricCallStatus('no-answer'), 'no_answer');
    assert.equal(metricCallStatus('Cancelled'), 'canceled');
    assert.equal(metricCallStatus('weird +14155550123'), 'other');
  });
});
