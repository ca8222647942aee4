/**
 * The baseline a campaign is compared with: the same HTTP work with no Temporal. For each contact,
 * `POST /v1/calls` (same prompt and variables as the campaign's call), then wait for its signed
 * `agent.call_ended` webhook (verified, as any receiver must); `concurrency` contacts at a time, the
 * next starting as one ends — what a careful hand-written script would do.
 */
import { createServer } from 'node:http';
import { request } from 'undici';
import { verifyWebhookSignature } from '../../agentphone/webhook-signature';

export interface BareContact {
  phone: string;
  variables: Record<string, string>;
}

export interface BareRunInput {
  contacts: BareContact[];
  concurrency: number;
  systemPrompt: string;
  /** Starts the simulator with the receiver's URL as its webhook; returns its API coordinates. */
  startSimulator(webhookUrl: string): Promise<{
    baseUrl: string;
    apiKey: string;
    agentId: string;
    webhookSecret: string;
  }>;
}

export interface BareRunResult {
  seconds: number;
  contactsPerSecond: number;
  calls: number;
  /** Ended calls by disconnection reason (as the webhooks said). */
  byReason: Record<string, number>;
  cpuSeconds: number;
}

/** Runs the bare script to the last webhook. */
export async function runBareScript(input: BareRunInput): Promise<BareRunResult> {
  const waiting = new Map<string, (reason: string) => void>();
  const early = new Map<string, string>();
  let secret = '';
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      try {
        verifyWebhookSignature({ rawBody, headers: req.headers, secrets: [secret] });
      } catch {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200).end('{}');
      const body = JSON.parse(rawBody.toString('utf8')) as {
        event: string;
        data: { callId?: string; disconnectionReason?: string };
      };
      if (body.event !== 'agent.call_ended' || !body.data.callId) return;
      const reason = body.data.disconnectionReason ?? 'unknown';
      const done = waiting.get(body.data.callId);
      if (done) done(reason);
      else early.set(body.data.callId, reason);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const sim = await input.startSimulator(`http://127.0.0.1:${port}/webhooks`);
  secret = sim.webhookSecret;

  const ended = (callId: string) =>
    new Promise<string>((resolve) => {
      const already = early.get(callId);
      if (already !== undefined) {
        early.delete(callId);
        return resolve(already);
      }
      waiting.set(callId, (reason) => {
        waiting.delete(callId);
        resolve(reason);
      });
    });

  const byReason: Record<string, number> = {};
  let next = 0;
  let calls = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const lane = async () => {
    while (next < input.contacts.length) {
      const contact = input.contacts[next++]!;
      const res = await request(`${sim.baseUrl}/v1/calls`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          agentId: sim.agentId,
          toNumber: contact.phone,
          systemPrompt: input.systemPrompt,
          variables: contact.variables,
        }),
      });
      const call = (await res.body.json()) as { id: string };
      if (res.statusCode !== 200)
        throw new Error(`POST /v1/calls: ${res.statusCode} ${JSON.stringify(call)}`);
      calls += 1;
      const reason = await ended(call.id);
      byReason[reason] = (byReason[reason] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: input.concurrency }, lane));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  receiver.close();
  return {
    seconds,
    contactsPerSecond: input.contacts.length / seconds,
    calls,
    byReason,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}
