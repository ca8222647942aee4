import type { Logger } from '../common/process/logger';
import type { SimClock } from './clock';
import { ApiError, notFound } from './http/errors';
import { ID_PREFIX, type IdKind, type Random } from './random';
import { emptyLedger, type CallLedgerRecord } from './calls/ledger';
import type { AccountRecord, AgentRecord, NumberRecord, SimCallRecord, SimState } from './state';

/** Limits the simulator enforces; every one is configurable (spec §1.8: "make every limit configurable"). */
export interface Limits {
  /** Numbers an account may hold (usage `numbers.limit`). */
  numbers: number;
  /** Live calls per account; one more is a 409 with `Retry-After`. */
  concurrentCalls: number;
  /** Plan max call duration in minutes. */
  maxCallDurationMinutes: number;
  /** OTP lifetime. */
  otpTtlMs: number;
  /** Wrong codes before a verification is exhausted. */
  otpAttempts: number;
  /**
   * Ended calls kept whole (turns, request, analysis) and finished webhook deliveries kept with their
   * bodies; older ones are dropped so a 100k-call run stays small. The ledger keeps counting them all.
   */
  retainEndedCalls: number;
}

export const DEFAULT_LIMITS: Limits = {
  numbers: 10,
  concurrentCalls: 5,
  maxCallDurationMinutes: 30,
  otpTtlMs: 10 * 60_000,
  otpAttempts: 5,
  retainEndedCalls: 20_000,
};

export const DEFAULT_VOICE = 'custom_voice_ea22ba5fdfaa18f39c274851c1';

/**
 * The shared core every part of the simulator works on: the state, the clock, the seeded generator
 * and the lookups that enforce ownership (another account's resource is a 404, never a 403).
 */
export class World {
  /** Calls by id, for the array it was built from (a reset or a restore brings a new array). */
  private callIndex = new Map<string, SimCallRecord>();
  private indexedCalls: SimCallRecord[] | undefined;
  private endedSincePrune = 0;

  constructor(
    public state: SimState,
    readonly clock: SimClock,
    readonly random: Random,
    readonly limits: Limits,
    readonly logger: Logger,
    private readonly onChange: () => void,
  ) {}

  /** Marks the state dirty so the snapshot is written (debounced) when persistence is on. */
  changed(): void {
    this.onChange();
  }

  /** The counters of every call placed (never pruned). */
  get ledger(): CallLedgerRecord {
    this.state.ledger ??= emptyLedger();
    return this.state.ledger;
  }

  /** A call by id, in O(1) however many calls there are. */
  callById(id: string): SimCallRecord | undefined {
    return this.calls().get(id);
  }

  addCall(call: SimCallRecord): void {
    this.calls();
    this.state.calls.push(call);
    this.callIndex.set(call.id, call);
  }

  /**
   * Called as each call ends: once `retainEndedCalls` is exceeded by a tenth, drops the oldest ended
   * calls and finished deliveries beyond it (live calls and pending deliveries always stay).
   */
  noteCallEnded(): void {
    this.endedSincePrune += 1;
    const retain = this.limits.retainEndedCalls;
    if (this.endedSincePrune < Math.max(100, Math.ceil(retain / 10))) return;
    this.endedSincePrune = 0;
    const ended = (c: SimCallRecord) => c.status === 'completed' || c.status === 'failed';
    let excess = this.state.calls.filter(ended).length - retain;
    if (excess > 0) {
      this.state.calls = this.state.calls.filter((c) => !(ended(c) && excess-- > 0));
      this.indexedCalls = undefined;
    }
    let finished = this.state.deliveries.filter((d) => d.status !== 'pending').length - retain;
    if (finished > 0)
      this.state.deliveries = this.state.deliveries.filter((d) => d.status === 'pending' || finished-- <= 0);
  }

  private calls(): Map<string, SimCallRecord> {
    if (this.indexedCalls !== this.state.calls) {
      this.callIndex = new Map(this.state.calls.map((c) => [c.id, c]));
      this.indexedCalls = this.state.calls;
    }
    return this.callIndex;
  }

  newId(kind: IdKind): string {
    return `${ID_PREFIX[kind]}${this.random.hex(16)}`;
  }

  accountByKey(apiKey: string): AccountRecord | undefined {
    return this.state.accounts.find((a) => a.apiKeys.includes(apiKey));
  }

  agent(accountId: string, agentId: string): AgentRecord {
    const agent = this.state.agents.find((a) => a.id === agentId && a.accountId === accountId && !a.deleted);
    if (!agent) throw notFound('Agent');
    return agent;
  }

  number(accountId: string, numberId: string): NumberRecord {
    const number = this.state.numbers.find((n) => n.id === numberId && n.accountId === accountId);
    if (!number) throw notFound('Phone number');
    return number;
  }

  numbersOf(agentId: string): NumberRecord[] {
    return this.state.numbers.filter((n) => n.agentId === agentId && n.status === 'active');
  }

  numberByPhone(phoneNumber: string): NumberRecord | undefined {
    return this.state.numbers.find((n) => n.phoneNumber === phoneNumber && n.status === 'active');
  }

  /** A fresh US/CA number; deterministic for a seed. Avoids N11 exchanges and numbers in use. */
  allocatePhoneNumber(areaCode?: string | null): string {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const area = areaCode ?? this.random.pick(['415', '628', '650', '510', '212', '646', '312', '206']);
      const exchange = String(this.random.int(200, 999));
      if (exchange.endsWith('11')) continue;
      const candidate = `+1${area}${exchange}${this.random.digits(4)}`;
      if (!this.state.numbers.some((n) => n.phoneNumber === candidate)) return candidate;
    }
    throw new ApiError(503, 'No phone numbers available', 'NO_INVENTORY');
  }

  createNumber(
    accountId: string,
    country: 'US' | 'CA',
    areaCode: string | null,
    agentId: string | null,
  ): NumberRecord {
    const held = this.state.numbers.filter((n) => n.accountId === accountId && n.status === 'active').length;
    if (held >= this.limits.numbers) {
      throw new ApiError(409, 'Phone number limit reached', 'VALIDATION_ERROR_NUMBER_LIMIT');
    }
    const number: NumberRecord = {
      id: this.newId('number'),
      accountId,
      phoneNumber: this.allocatePhoneNumber(areaCode),
      country,
      status: 'active',
      agentId,
      createdAt: this.clock.isoNow(),
    };
    this.state.numbers.push(number);
    return number;
  }

  createAgent(accountId: string, fields: Partial<AgentRecord> & { name: string }): AgentRecord {
    const agent: AgentRecord = {
      id: this.newId('agent'),
      accountId,
      description: null,
      voiceMode: 'webhook',
      enableMessaging: true,
      modelTier: 'balanced',
      systemPrompt: null,
      beginMessage: null,
      voice: DEFAULT_VOICE,
      transferNumber: null,
      customTools: null,
      voicemailMessage: null,
      callScreeningIdentity: null,
      callScreeningPurpose: null,
      sttMode: 'fast',
      ambientSound: 'none',
      denoisingMode: 'noise-cancellation',
      maxSilenceMs: 600_000,
      voiceSpeed: 1,
      interruptionSensitivity: 0.8,
      enableBackchannel: true,
      language: 'en-US',
      createdAt: this.clock.isoNow(),
      webhookId: null,
      deleted: false,
      ...fields,
    };
    this.state.agents.push(agent);
    return agent;
  }

  /**
   * Account + hosted starter agent + one number + API key, all at once (what verify does, and what
   * the ready account is made of).
   */
  provisionAccount(email: string | null, agentName: string | null) {
    const account: AccountRecord = {
      id: this.newId('account'),
      email,
      apiKeys: [`sk_live_${this.random.alphanumeric(32)}`],
      createdAt: this.clock.isoNow(),
      webhookId: null,
    };
    const phoneNumber = this.allocatePhoneNumber();
    this.state.accounts.push(account);
    const agent = this.createAgent(account.id, {
      name: agentName ?? `Agent ${this.random.alphanumeric(4)}`,
      voiceMode: 'hosted',
      systemPrompt: 'You are a helpful phone assistant. Be brief, polite and clear.',
      beginMessage: 'Hi, thanks for calling. How can I help?',
    });
    const number: NumberRecord = {
      id: this.newId('number'),
      accountId: account.id,
      phoneNumber,
      country: 'US',
      status: 'active',
      agentId: agent.id,
      createdAt: this.clock.isoNow(),
    };
    this.state.numbers.push(number);
    this.changed();
    return { account, agent, number, apiKey: account.apiKeys[0] as string };
  }
}
