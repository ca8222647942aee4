/**
 * Scenario 6: hostile traffic at the ingress — forged signatures, a wrong secret, stale and future
 * timestamps (old deliveries replayed), a signature over other bytes, malformed JSON, huge bodies,
 * exact replays of a delivery already accepted, and slow clients that dribble their body. Every one is
 * refused (or, for an exact replay, answered as a duplicate), no workflow gets a signal or is started,
 * and afterwards the ingress still answers a valid delivery, which does reach its workflow.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { signatureFor } from '../../simulator/webhooks/sign';
import { sleep, withStack, type Scenario } from '../scenario';
import type { ChaosStack } from '../stack';

interface Attempt {
  name: string;
  /** Statuses that count as refused for this case. */
  expect: number[];
  body: string | Buffer;
  headers: Record<string, string>;
}

interface Delivery {
  eventType: string;
  status: string;
  payload: { data: { messageId: string } } & Record<string, unknown>;
}

const now = () => Math.floor(Date.now() / 1000);

function signed(
  secret: string,
  body: string,
  ts = String(now()),
  id = `whd_chaos_${randomBytes(6).toString('hex')}`,
) {
  return {
    'content-type': 'application/json',
    'x-webhook-id': id,
    'x-webhook-timestamp': ts,
    'x-webhook-signature': signatureFor(secret, ts, body),
    'x-webhook-event': 'agent.message',
  };
}

/** Signal and update events per workflow in the namespace. */
async function signalCensus(stack: ChaosStack): Promise<Map<string, number>> {
  const census = new Map<string, number>();
  for await (const info of stack.client.workflow.list()) {
    const history = await stack.client.workflow.getHandle(info.workflowId, info.runId).fetchHistory();
    let signals = 0;
    for (const event of history.events ?? [])
      if (
        event.workflowExecutionSignaledEventAttributes ||
        event.workflowExecutionUpdateAcceptedEventAttributes
      )
        signals += 1;
    census.set(`${info.workflowId} (${info.runId})`, signals);
  }
  return census;
}

/** Workflows whose signal count differs (or that are new) in `after`. */
function changed(before: Map<string, number>, after: Map<string, number>): string[] {
  return [...after]
    .filter(([id, n]) => before.get(id) !== n)
    .map(([id, n]) => `${id}: ${before.get(id) ?? 'new'} → ${n}`);
}

/**
 * Opens a connection that sends its headers and then one body byte every `everyMs`: resolves with what
 * the server did (`closed after N ms`, a status line) or `still open` when `giveUpMs` passes first.
 */
function slowClient(port: number, giveUpMs: number, everyMs = 1_000): Promise<string> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket: Socket = connect(port, '127.0.0.1');
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    const done = (what: string) => {
      clearInterval(timer);
      clearTimeout(guard);
      socket.destroy();
      resolve(what);
    };
    const guard = setTimeout(() => done('still open'), giveUpMs);
    socket.on('connect', () => {
      socket.write(
        `POST /webhooks/agentphone HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n` +
          `x-webhook-timestamp: ${now()}\r\nx-webhook-signature: sha256=00\r\ncontent-length: 100000\r\n\r\n{`,
      );
      timer = setInterval(() => socket.write(' '), everyMs);
    });
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('error', () => {});
    socket.on('close', () =>
      done(`closed after ${Date.now() - started} ms${answer ? ` (${answer.split('\r\n')[0]})` : ''}`),
    );
  });
}

async function post(url: string, attempt: Pick<Attempt, 'body' | 'headers'>): Promise<number> {
  try {
    const res = await fetch(url, { method: 'POST', headers: attempt.headers, body: attempt.body });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0; // the connection was cut: also a refusal
  }
}

export const hostileIntake: Scenario = {
  name: 'hostile-intake',
  async run(context) {
    const slowMs = context.size === 'full' ? 90_000 : 45_000;
    return withStack(context, { label: 'hostile-intake', speed: 'instant' }, async (stack) => {
      const problems: string[] = [];
      const secret = stack.account.webhookSecret;
      const url = /POST (http:\S+)/.exec(stack.ingress.output())?.[1];
      if (!url) throw new Error(`no ingress URL in its output: ${stack.ingress.output()}`);
      const port = Number(new URL(url).port);

      // A genuine inbound SMS through the simulator: its delivery is the template of the valid body.
      const human = '+14155557001';
      await stack.control('/_sim/inbound/sms', { from: human, to: stack.account.phoneNumber, body: 'hello' });
      await stack.get('/_sim/state?settle=1');
      const genuine = (await stack.list<Delivery>('/_sim/deliveries')).find(
        (d) => d.eventType === 'agent.message',
      );
      if (genuine?.status !== 'success')
        throw new Error(`the genuine delivery was not accepted: ${JSON.stringify(genuine)}`);
      const template = genuine.payload;
      const bodyFor = (messageId: string) =>
        JSON.stringify({ ...template, data: { ...template.data, messageId } });

      // One valid delivery of our own, accepted; its exact bytes are replayed below.
      const replayBody = bodyFor('msg_chaos_replayed');
      const replayHeaders = signed(secret, replayBody);
      const firstStatus = await post(url, { body: replayBody, headers: replayHeaders });
      if (firstStatus !== 200) problems.push(`the first valid delivery got ${firstStatus}`);
      await sleep(1_000);
      const before = await signalCensus(stack);

      const valid = bodyFor('msg_chaos_forged');
      const other = `whsec_${randomBytes(24).toString('hex')}`;
      const huge = JSON.stringify({ ...template, padding: 'x'.repeat(5 * 1024 * 1024) });
      const attempts: Attempt[] = [
        {
          name: 'no signature headers',
          expect: [401],
          body: valid,
          headers: { 'content-type': 'application/json' },
        },
        {
          name: 'forged signature',
          expect: [401],
          body: valid,
          headers: {
            ...signed(secret, valid),
            'x-webhook-signature': `sha256=${randomBytes(32).toString('hex')}`,
          },
        },
        { name: 'wrong secret', expect: [401], body: valid, headers: signed(other, valid) },
        {
          name: 'secret without its whsec_ prefix',
          expect: [401],
          body: valid,
          headers: signed(secret.slice(6), valid),
        },
        {
          name: 'old delivery (1 h) replayed',
          expect: [401],
          body: valid,
          headers: signed(secret, valid, String(now() - 3_600)),
        },
        {
          name: 'old delivery (6 min) replayed',
          expect: [401],
          body: valid,
          headers: signed(secret, valid, String(now() - 360)),
        },
        {
          name: 'timestamp 1 h ahead',
          expect: [401],
          body: valid,
          headers: signed(secret, valid, String(now() + 3_600)),
        },
        {
          name: 'timestamp not a number',
          expect: [401],
          body: valid,
          headers: { ...signed(secret, valid), 'x-webhook-timestamp': 'yesterday' },
        },
        {
          name: 'signature over other bytes',
          expect: [401],
          body: bodyFor('msg_chaos_tampered'),
          headers: signed(secret, valid),
        },
        {
          name: 'malformed JSON, forged signature',
          expect: [401],
          body: '{"event": "agent.message", ',
          headers: signed(other, '{'),
        },
        {
          name: 'malformed JSON, unsigned',
          expect: [401],
          body: '{{{{',
          headers: { 'content-type': 'application/json' },
        },
        {
          name: 'empty body, unsigned',
          expect: [401],
          body: '',
          headers: { 'content-type': 'application/json' },
        },
        { name: 'huge body (5 MiB), signed', expect: [413, 0], body: huge, headers: signed(secret, huge) },
        {
          name: 'huge body (5 MiB), unsigned',
          expect: [413, 0],
          body: huge,
          headers: { 'content-type': 'application/json' },
        },
        ...Array.from({ length: 5 }, (_, i) => ({
          name: `exact replay #${i + 1} of an accepted delivery`,
          expect: [200],
          body: replayBody,
          headers: replayHeaders,
        })),
      ];

      // The slow clients hang on while the rest goes on: the ingress must keep serving.
      const slow = Array.from({ length: 5 }, () => slowClient(port, slowMs));
      const statuses = new Map<string, number>();
      for (const attempt of attempts) {
        const status = await post(url, attempt);
        statuses.set(attempt.name, status);
        if (!attempt.expect.includes(status))
          problems.push(`${attempt.name}: answered ${status}, expected ${attempt.expect.join(' or ')}`);
      }
      const slowOutcomes = await Promise.all(slow);
      for (const [i, outcome] of slowOutcomes.entries())
        if (outcome === 'still open')
          problems.push(
            `slow client #${i + 1}: still connected after ${slowMs / 1000} s (no request timeout)`,
          );

      await sleep(1_000);
      const after = await signalCensus(stack);
      const reached = changed(before, after);
      if (reached.length > 0) problems.push(`hostile requests reached Temporal: ${reached.join('; ')}`);
      if (!stack.ingress.running) problems.push('the ingress died');
      const rejected = (stack.ingress.output().match(/"msg":"webhook rejected"/g) ?? []).length;

      // And it still takes a valid delivery, which reaches its workflow as a signal.
      const fresh = bodyFor('msg_chaos_after');
      const finalStatus = await post(url, { body: fresh, headers: signed(secret, fresh) });
      if (finalStatus !== 200) problems.push(`a valid delivery after the attack got ${finalStatus}`);
      await sleep(1_000);
      const last = await signalCensus(stack);
      if (changed(after, last).length === 0)
        problems.push('the valid delivery after the attack did not signal its workflow');

      return {
        figures: `${attempts.length} hostile requests + ${slow.length} slow clients (${slowOutcomes[0]}), ${rejected} rejections logged, 0 signals from them, a valid delivery accepted after`,
        problems,
      };
    });
  },
};
