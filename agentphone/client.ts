import type { Dispatcher } from 'undici';

import { silentAgentPhoneLogger, type AgentPhoneLogger } from './logger';
import { HttpClient } from './internal/http';
import { AccountResource } from './resources/account';
import { AgentsResource } from './resources/agents';
import { CallsResource } from './resources/calls';
import { ConversationsResource } from './resources/conversations';
import { MessagesResource } from './resources/messages';
import { NumbersResource } from './resources/numbers';
import { UsageResource } from './resources/usage';
import { WebhooksResource } from './resources/webhooks';

/** The production API; `https://api.agentphone.to` is an older alias of the same service. */
export const DEFAULT_BASE_URL = 'https://api.agentphone.ai';

export interface AgentPhoneOptions {
  /** Defaults to `AGENTPHONE_API_KEY`. Only sign-up and verify work without one. */
  apiKey?: string | undefined;
  /** Defaults to `AGENTPHONE_BASE_URL`, else {@link DEFAULT_BASE_URL}. */
  baseUrl?: string | undefined;
  /** Per-request deadline, default 60 000 ms (the official SDK's). */
  timeoutMs?: number | undefined;
  /** Retries of retryable failures for requests that are safe to repeat, default 2. */
  maxRetries?: number | undefined;
  /**
   * Where request lines go (a pino logger fits); one child per request (method, path, status, duration,
   * request id). Default: silent.
   */
  logger?: AgentPhoneLogger | undefined;
  /** undici dispatcher (e.g. a shared `Agent` or a `MockAgent`); default: a keep-alive pool owned by this client. */
  dispatcher?: Dispatcher | undefined;
  /** First backoff step when the server sends no `Retry-After`, default 500 ms (doubling, jittered). */
  initialRetryDelayMs?: number | undefined;
  /** Backoff ceiling, default 8 000 ms. */
  maxRetryDelayMs?: number | undefined;
  /** How to wait between retries; tests inject one to record delays instead of sleeping. */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  /** Where the env defaults are read from, default `process.env`. */
  env?: NodeJS.ProcessEnv | undefined;
}

/**
 * Typed, validating client of the AgentPhone API. Method parameters and results use the API's own wire
 * field names. Reads and other repeatable requests are retried on 408/429/5xx and connection failures
 * (honouring `Retry-After`); `calls.create` and `messages.send` never are.
 *
 * @example
 * const client = new AgentPhone({ apiKey: process.env.AGENTPHONE_API_KEY });
 * const call = await client.calls.create({ agentId, toNumber: '+14155559999', systemPrompt: 'Book a table' });
 * const detail = await client.calls.retrieve(call.id, {}, { maxRetries: 0 });
 * await client.close();
 */
export class AgentPhone {
  readonly account: AccountResource;
  readonly usage: UsageResource;
  readonly agents: AgentsResource;
  readonly numbers: NumbersResource;
  readonly messages: MessagesResource;
  readonly conversations: ConversationsResource;
  readonly calls: CallsResource;
  readonly webhooks: WebhooksResource;
  readonly baseUrl: string;
  readonly #http: HttpClient;

  constructor(options: AgentPhoneOptions = {}) {
    const env = options.env ?? process.env;
    this.baseUrl = options.baseUrl ?? (env.AGENTPHONE_BASE_URL || DEFAULT_BASE_URL);
    this.#http = new HttpClient({
      apiKey: options.apiKey ?? (env.AGENTPHONE_API_KEY || undefined),
      baseUrl: this.baseUrl,
      timeoutMs: options.timeoutMs ?? 60_000,
      maxRetries: options.maxRetries ?? 2,
      logger: (options.logger ?? silentAgentPhoneLogger).child({ component: 'agentphone' }),
      dispatcher: options.dispatcher,
      initialRetryDelayMs: options.initialRetryDelayMs ?? 500,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 8_000,
      sleep: options.sleep,
    });
    this.account = new AccountResource(this.#http);
    this.usage = new UsageResource(this.#http);
    this.agents = new AgentsResource(this.#http);
    this.numbers = new NumbersResource(this.#http);
    this.messages = new MessagesResource(this.#http);
    this.conversations = new ConversationsResource(this.#http);
    this.calls = new CallsResource(this.#http);
    this.webhooks = new WebhooksResource(this.#http);
  }

  /** Closes the client's own connection pool (a dispatcher passed in stays open). */
  close(): Promise<void> {
    return this.#http.close();
  }
}
