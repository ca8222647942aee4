/**
 * An in-memory AgentPhone for unit tests of the activities: the few client methods they call, over a
 * store of calls and messages, with every request logged by route name and scripted faults per route.
 * A committed-but-lost POST stores its call or message and then throws the connection error the real
 * client throws when the response never arrives.
 */
import { APIConnectionError, makeAPIError, type AgentPhone } from '../../../agentphone';
import type { CallSummary, NumberMessage } from '../../../agentphone';

export const AGENT_ID = 'agt_fake0000000001';
export const NUMBER_ID = 'num_fake0000000001';
export const OUR_NUMBER = '+14155550100';

/** What the next matching request does instead of (or after) its normal work. */
export type FakeRouteFault =
  /** The API commits the call or message, then the response is lost. */
  | { commitThenLose: true }
  /** The request never reaches the API: nothing is stored. */
  | { lostBeforeCommit: true }
  /** The API answers with this status (and headers) and stores nothing. */
  | { status: number; headers?: Record<string, string> };

export type FakeRoute =
  | 'GET /v1/agents/{id}'
  | 'GET /v1/numbers/{id}/messages'
  | 'POST /v1/messages'
  | 'GET /v1/calls'
  | 'POST /v1/calls'
  | 'GET /v1/calls/{id}'
  | 'GET /v1/calls/{id}/transcript'
  | 'POST /v1/calls/{id}/end';

export class FakeAgentPhone {
  /** Every request in order, by route name. */
  readonly requests: FakeRoute[] = [];
  /** Newest first, as the API lists them. */
  readonly calls: CallSummary[] = [];
  /** Newest first, as the API lists them. */
  readonly messages: NumberMessage[] = [];
  /** The API's clock (epoch ms); tests move it. */
  nowMs: number;
  readonly #faults = new Map<FakeRoute, FakeRouteFault[]>();
  #nextId = 1;

  constructor(nowMs: number) {
    this.nowMs = nowMs;
  }

  /** The next request on `route` meets `fault` (queue several for several requests). */
  fault(route: FakeRoute, fault: FakeRouteFault): this {
    this.#faults.set(route, [...(this.#faults.get(route) ?? []), fault]);
    return this;
  }

  /** A message already in our number's history (e.g. the contact's STOP). */
  addMessage(message: Omit<NumberMessage, 'id' | 'receivedAt' | 'channel'>): NumberMessage {
    const stored: NumberMessage = {
      id: this.#id('msg'),
      channel: 'sms',
      receivedAt: new Date(this.nowMs).toISOString(),
      ...message,
    };
    this.messages.unshift(stored);
    return stored;
  }

  /** The client the activities get. Only the methods they call exist; anything else is a test bug. */
  get client(): AgentPhone {
    const client = {
      agents: {
        retrieve: async (agentId: string) => {
          this.#enter('GET /v1/agents/{id}');
          return {
            id: agentId,
            name: 'fake',
            numbers: [{ id: NUMBER_ID, phoneNumber: OUR_NUMBER, status: 'active' }],
          };
        },
      },
      numbers: {
        messages: async (_numberId: string, query: { limit?: number } = {}) => {
          this.#enter('GET /v1/numbers/{id}/messages');
          return { data: this.messages.slice(0, query.limit ?? 50), hasMore: false };
        },
      },
      messages: {
        send: async (body: { agent_id?: string; to_number: string; body: string }) =>
          this.#post('POST /v1/messages', () => {
            const stored = this.addMessage({
              direction: 'outbound',
              from: OUR_NUMBER,
              to: body.to_number,
              body: body.body,
            });
            return {
              id: stored.id,
              status: 'sent',
              channel: 'sms',
              from_number: OUR_NUMBER,
              to_number: body.to_number,
              conversation_id: null,
            };
          }),
      },
      calls: {
        list: async () => {
          this.#enter('GET /v1/calls');
          return { data: [...this.calls], hasMore: false, total: this.calls.length };
        },
        create: async (body: { agentId: string; toNumber: string }) =>
          this.#post('POST /v1/calls', () => {
            const call = this.addCall({ agentId: body.agentId, toNumber: body.toNumber });
            return { ...call };
          }),
        retrieve: async (callId: string) => {
          this.#enter('GET /v1/calls/{id}');
          const call = this.calls.find((c) => c.id === callId);
          if (!call) throw this.#apiError(404, 'GET', `/v1/calls/${callId}`);
          return { ...call, transcripts: [] };
        },
        transcript: async (callId: string) => {
          this.#enter('GET /v1/calls/{id}/transcript');
          return { callId, status: 'completed', transcript: [{ role: 'agent', content: 'Hello.' }] };
        },
      },
    };
    return client as unknown as AgentPhone;
  }

  /** A call in the API's list, placed now by our agent unless told otherwise. */
  addCall(call: Partial<CallSummary> & { toNumber: string }): CallSummary {
    const stored: CallSummary = {
      id: this.#id('call'),
      agentId: AGENT_ID,
      phoneNumberId: NUMBER_ID,
      phoneNumber: OUR_NUMBER,
      fromNumber: OUR_NUMBER,
      direction: 'outbound',
      status: 'in-progress',
      startedAt: new Date(this.nowMs).toISOString(),
      endedAt: null,
      ...call,
    };
    this.calls.unshift(stored);
    return stored;
  }

  #id(prefix: string): string {
    return `${prefix}_${String(this.#nextId++).padStart(16, '0')}`;
  }

  /** Logs the request and applies a status fault; returns the fault for POSTs to act on. */
  #enter(route: FakeRoute): FakeRouteFault | undefined {
    this.requests.push(route);
    const fault = this.#faults.get(route)?.shift();
    if (fault && 'status' in fault) {
      const [method, path] = route.split(' ') as [string, string];
      throw this.#apiError(fault.status, method, path, fault.headers);
    }
    return fault;
  }

  async #post<T>(route: FakeRoute, commit: () => T): Promise<T> {
    const fault = this.#enter(route);
    const target = { method: 'POST', path: route.slice('POST '.length) };
    if (fault && 'lostBeforeCommit' in fault) throw new APIConnectionError(target, 'connect ECONNRESET');
    const result = commit();
    if (fault && 'commitThenLose' in fault) throw new APIConnectionError(target, 'socket hang up');
    return result;
  }

  #apiError(status: number, method: string, path: string, headers: Record<string, string> = {}) {
    return makeAPIError({ status, headers, body: { detail: `status ${status}` }, method, path });
  }
}
