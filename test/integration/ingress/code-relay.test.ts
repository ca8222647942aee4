/**
 * A one-time code texted by a service reaches the owner exactly once, over the whole stack: the
 * simulator texts our number from a short code and delivers the webhook twice (its `duplicate` fault),
 * a second ingress replica gets the same delivery again (replicas share no memory, so only the inbox's
 * dedupe stops this one), and the owner's phone gets one "Code from Google: …" text.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { main as smsRelay } from '../../../client/commands/sms-relay';
import { buildIngress, WEBHOOK_PATH } from '../../../client/ingress';
import { developmentNumberKeyer } from '../../../common/process/number-key';
import { signatureFor } from '../../../simulator/webhooks/sign';
import { eventually } from '../../helpers/eventually';
import { startTestStack, type TestStack } from '../../helpers/stack';

const OWNER = '+14155550142';
const SERVICE = '22000';
const CODE = 'G-723210';

interface SimMessage {
  id: string;
  from: string;
  to: string;
  body: string;
  direction: string;
}
interface SimDelivery {
  /** The X-Webhook-ID it was sent with. */
  id: string;
  payload: unknown;
}

let stack: TestStack;
let replica: FastifyInstance;
before(async () => {
  stack = await startTestStack();
  replica = await buildIngress({
    temporal: stack.temporal.client,
    taskQueue: stack.taskQueue,
    numberKey: developmentNumberKeyer,
    secrets: () => [stack.simulator.account.webhookSecret!],
  });
});
after(async () => {
  await replica?.close();
  await stack?.stop();
});

test(
  'a code texted by a service reaches the owner once, though its webhook came three times',
  { timeout: 120_000 },
  async () => {
    const { agentId, phoneNumber } = stack.simulator.account;
    await smsRelay(
      ['enable', '--agent', agentId, '--notify', OWNER, '--relay-sms'],
      { TEMPORAL_ADDRESS: stack.temporal.address, RINGFLOW_TASK_QUEUE: stack.taskQueue },
      () => {},
    );
    await stack.control('/_sim/faults', { webhook: { event: 'agent.message', duplicate: true, times: 1 } });

    const sentAt = Date.now();
    await stack.control('/_sim/inbound/sms', {
      from: SERVICE,
      to: phoneNumber,
      body: `${CODE} is your Google verification code. Don't share it.`,
    });
    const toOwner = async () =>
      (await stack.list<SimMessage>('/_sim/messages')).filter(
        (m) => m.direction === 'outbound' && m.to === OWNER,
      );
    const first = await eventually(async () => ((await toOwner()).length > 0 ? await toOwner() : undefined), {
      what: 'the relay to the owner',
    });
    const latencyMs = Date.now() - sentAt;
    assert.match(first[0]!.body, new RegExp(`Code from Google: ${CODE}`));

    // The same delivery again, through a replica that has not seen it.
    const deliveries = await stack.list<SimDelivery>('/_sim/deliveries?settle=1');
    const delivery = deliveries.find((d) => JSON.stringify(d.payload).includes(CODE));
    assert.ok(delivery, 'the simulator delivered the code');
    const body = JSON.stringify(delivery.payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const address = await replica.listen({ port: 0, host: '127.0.0.1' });
    const replayed = await fetch(`${address}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-webhook-id': delivery.id,
        'x-webhook-timestamp': timestamp,
        'x-webhook-signature': signatureFor(stack.simulator.account.webhookSecret!, timestamp, body),
        'x-webhook-event': 'agent.message',
      },
      body,
    });
    assert.deepEqual(await replayed.json(), { status: 'accepted' });

    // A later text from the service is handled after the replayed one (the inbox keeps order): once it
    // is relayed, the replayed code had its chance to be relayed a second time.
    await stack.control('/_sim/inbound/sms', {
      from: SERVICE,
      to: phoneNumber,
      body: 'Your Google account was accessed.',
    });
    const all = await eventually(
      async () => {
        const messages = await toOwner();
        return messages.some((m) => m.body.includes('accessed')) ? messages : undefined;
      },
      { what: 'the later text relayed' },
    );
    assert.equal(all.filter((m) => m.body.includes(CODE)).length, 1, 'the code was relayed exactly once');
    const toService = (await stack.list<SimMessage>('/_sim/messages')).filter((m) => m.to === SERVICE);
    assert.deepEqual(toService, [], 'nothing was texted back to the short code');
    console.log(`code relay latency (inbound SMS → owner's text in the simulator): ${latencyMs} ms`);
  },
);
