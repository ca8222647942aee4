import type { FastifyInstance } from 'fastify';

import { silentLogger, type Logger } from '../common/process/logger';
import { CallEngine } from './calls/engine';
import { SimClock, type Speed } from './clock';
import type { SimContext } from './context';
import type { PersonaMix } from './callees/mix';
import { FaultBook, type FaultSpec } from './faults';
import { createHttpApp } from './http/app';
import { DEFAULT_RATE_LIMITS, RateLimiter } from './http/rate-limit';
import { RequestLog } from './http/request-log';
import { Messaging } from './messaging';
import { loadSnapshot, SnapshotWriter } from './persistence';
import { Random } from './random';
import { registerAgents } from './routes/agents';
import { registerCalls } from './routes/calls';
import { registerControl } from './routes/control';
import { registerConversations } from './routes/conversations';
import { registerMessages } from './routes/messages';
import { registerNumbers } from './routes/numbers';
import { registerSignup } from './routes/signup';
import { registerUsage } from './routes/usage';
import { registerWebhooks, saveWebhook } from './routes/webhooks';
import { emptyState, type ReadyAccount, type SimState } from './state';
import { DEFAULT_RETRY_DELAYS_MS, WebhookDispatcher } from './webhooks/dispatcher';
import { DEFAULT_LIMITS, World, type Limits } from './world';

export interface SimulatorOptions {
  /** `realtime` (default), `instant` (every wait ends on the next tick) or a factor such as `60`. */
  speed?: Speed;
  /** Seed of every id, code and transcript choice (default 1). */
  seed?: number;
  /** Persist state here (debounced JSON snapshot + on close); live calls resume after a restart. */
  dataDir?: string;
  /** Account-level webhook of the ready account. */
  webhookUrl?: string;
  /** Provision a ready account at start-up (default true). */
  readyAccount?: boolean;
  /** Faults in force from the start (same shapes as `POST /_sim/faults`). */
  faults?: FaultSpec[];
  logger?: Logger;
  /** Delays between webhook attempts in simulated ms (default 1 min, 5 min, 30 min, 2 h, 18 h). */
  webhookRetryDelaysMs?: number[];
  /** Report `busy` / `no-answer` as call statuses instead of `failed` (MCP-style, spec §9). */
  mcpStatuses?: boolean;
  /** Plan limits (numbers, concurrent calls, OTP lifetime and attempts, ...). */
  limits?: Partial<Limits>;
  /** Requests per minute per route (`"POST /v1/calls"`, `"*"` default), or `false` for no limits. */
  rateLimits?: Record<string, number> | false;
  /** Who answers unregistered numbers: campaign personas in seeded proportions (`POST /_sim/persona-mix`). */
  personaMix?: PersonaMix;
}

export interface Simulator {
  /** The fastify app, not listening; `app.inject()` works, `listen()` binds it. */
  app: FastifyInstance;
  /** Binds (default 127.0.0.1, port 0 = any free port) and returns the base URL. */
  listen(options?: { port?: number; host?: string }): Promise<string>;
  /** Stops timers and webhook retries, writes the snapshot (with `dataDir`) and closes the server. */
  close(): Promise<void>;
  /** The ready account; throws when the simulator was built with `readyAccount: false`. */
  readonly account: ReadyAccount;
  /** Points the ready account's account-level webhook at `url` and returns the new signing secret. */
  setWebhookUrl(url: string): string;
  /** The simulated clock (tests may `advance` it directly). */
  readonly clock: SimClock;
}

/**
 * Builds a local AgentPhone: the API of spec §2–8 over fastify, calls on a simulated clock, scripted
 * callees, signed webhooks with retries, faults and a control API under `/_sim/`.
 *
 * @example
 * const sim = await buildSimulator({ speed: 'instant', seed: 7 });
 * const baseUrl = await sim.listen({ port: 0 });
 * const client = new AgentPhoneClient({ baseUrl, apiKey: sim.account.apiKey });
 */
export async function buildSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 1;
  const logger = options.logger ?? silentLogger;
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const snapshot = options.dataDir ? await loadSnapshot(options.dataDir) : undefined;

  const random = new Random(seed);
  if (snapshot) random.restore(snapshot.randomState);
  const clock = new SimClock(options.speed ?? 'realtime', snapshot?.clockOffsetMs ?? 0, (err) =>
    logger.error({ err }, 'simulator timer failed'),
  );
  const currentState = (): SimState => ({
    ...world.state,
    clockOffsetMs: clock.offset(),
    randomState: random.snapshot(),
  });
  const writer = options.dataDir ? new SnapshotWriter(options.dataDir, currentState) : undefined;
  const world = new World(snapshot ?? emptyState(random.snapshot()), clock, random, limits, logger, () =>
    writer?.schedule(),
  );
  const faults = new FaultBook(Random.derive(seed, 'faults'));
  const webhooks = new WebhookDispatcher(
    world,
    faults,
    options.webhookRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
  );
  const calls = new CallEngine(world, webhooks, seed, options.mcpStatuses ?? false);
  const messaging = new Messaging(world, webhooks);
  const requestLog = new RequestLog();
  const limiter = new RateLimiter(
    options.rateLimits === false ? false : { ...DEFAULT_RATE_LIMITS, ...options.rateLimits },
  );

  const setWebhookUrl = (url: string): string => {
    const ready = world.state.readyAccount;
    const account = ready && world.state.accounts.find((a) => a.id === ready.accountId);
    if (!ready || !account)
      throw new Error('the simulator has no ready account (built with readyAccount: false)');
    const webhook = saveWebhook(world, account, null, { url });
    ready.webhookSecret = webhook.secret;
    world.changed();
    return webhook.secret;
  };

  /** Start-up condition: ready account (and its webhook), start-up faults. */
  const prime = () => {
    for (const spec of options.faults ?? []) faults.add(spec);
    if (options.personaMix) world.state.personaMix = options.personaMix;
    if (options.readyAccount === false) return;
    if (!world.state.readyAccount) {
      const { account, agent, number, apiKey } = world.provisionAccount(
        'ready@simulator.local',
        'Ringflow Agent',
      );
      world.state.readyAccount = {
        accountId: account.id,
        apiKey,
        agentId: agent.id,
        numberId: number.id,
        phoneNumber: number.phoneNumber,
      };
    }
    if (options.webhookUrl) {
      const ready = world.state.readyAccount;
      const current = world.state.webhooks.find((w) => w.accountId === ready.accountId && w.agentId === null);
      // After a restart with the same URL the secret stays, so a running ingress keeps verifying.
      if (current?.url === options.webhookUrl) ready.webhookSecret = current.secret;
      else setWebhookUrl(options.webhookUrl);
    }
  };

  const context: SimContext = {
    world,
    calls,
    messaging,
    webhooks,
    faults,
    requestLog,
    mcpStatuses: options.mcpStatuses ?? false,
    seed,
    reset: async () => {
      calls.stop();
      clock.clearTimers();
      faults.clear();
      requestLog.clear();
      limiter.clear();
      random.restore(new Random(seed).snapshot());
      world.state = emptyState(random.snapshot());
      prime();
      world.changed();
    },
  };

  const app = createHttpApp(() => context, limiter, logger);
  registerSignup(app, () => context);
  registerUsage(app, () => context);
  registerAgents(app, () => context);
  registerNumbers(app, () => context);
  registerMessages(app, () => context);
  registerConversations(app, () => context);
  registerCalls(app, () => context);
  registerWebhooks(app, () => context);
  registerControl(app, () => context);

  prime();
  calls.resume();
  webhooks.resume();
  world.changed();

  let closed = false;
  return {
    app,
    clock,
    async listen({ port = 0, host = '127.0.0.1' } = {}) {
      await app.listen({ port, host });
      const address = app.server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      return `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
    },
    async close() {
      if (closed) return;
      closed = true;
      calls.stop();
      webhooks.close();
      clock.stop();
      await writer?.flush();
      await app.close();
    },
    get account(): ReadyAccount {
      const ready = world.state.readyAccount;
      if (!ready) throw new Error('the simulator has no ready account (built with readyAccount: false)');
      return { ...ready };
    },
    setWebhookUrl,
  };
}
