/**
 * The simulator's whole world as plain JSON-able records, so it can be snapshotted to disk and
 * restored. Records hold what the API exposes plus the simulator's own bookkeeping (planned turns,
 * retry schedules); `serializers.ts` turns them into wire shapes.
 */
import type { PersonaMix } from './callees/mix';
import { emptyLedger, type CallLedgerRecord } from './calls/ledger';

export interface AccountRecord {
  id: string;
  email: string | null;
  apiKeys: string[];
  createdAt: string;
  /** Account-level (default) webhook id, if any. */
  webhookId: string | null;
}

export interface AgentRecord {
  id: string;
  accountId: string;
  name: string;
  description: string | null;
  voiceMode: 'webhook' | 'hosted';
  enableMessaging: boolean;
  modelTier: 'turbo' | 'balanced' | 'max';
  systemPrompt: string | null;
  beginMessage: string | null;
  voice: string;
  transferNumber: string | null;
  customTools: Record<string, unknown>[] | null;
  voicemailMessage: string | null;
  callScreeningIdentity: string | null;
  callScreeningPurpose: string | null;
  sttMode: 'fast' | 'accurate';
  ambientSound: 'none' | 'office' | 'coffee-shop' | 'outdoor';
  denoisingMode: 'noise-cancellation' | 'noise-and-background-speech-cancellation';
  maxSilenceMs: number;
  voiceSpeed: number;
  interruptionSensitivity: number;
  enableBackchannel: boolean;
  language: string;
  createdAt: string;
  webhookId: string | null;
  deleted: boolean;
}

export interface NumberRecord {
  id: string;
  accountId: string;
  phoneNumber: string;
  country: 'US' | 'CA';
  status: 'active' | 'released';
  agentId: string | null;
  createdAt: string;
}

/** One line of a call, as the flat transcript shows it. `atMs` is simulated epoch ms. */
export interface TurnRecord {
  id: string;
  role: 'agent' | 'user';
  content: string;
  atMs: number;
}

/** The simulator's own call states; the API's statuses are derived from them in serializers.ts. */
export type SimCallStatus = 'in-progress' | 'ending' | 'completed' | 'failed';

/** A call as the simulator stores it (named apart from ringflow's own `CallRecord` in workflows/types.ts). */
export interface SimCallRecord {
  id: string;
  accountId: string;
  agentId: string | null;
  numberId: string | null;
  ourNumber: string;
  remoteNumber: string;
  direction: 'inbound' | 'outbound';
  status: SimCallStatus;
  startedAtMs: number;
  /** When the planned call ends (simulated ms); the engine re-arms it after a restart. */
  plannedEndMs: number;
  endedAtMs: number | null;
  plannedStatus: 'completed' | 'failed';
  disconnectionReason: string;
  turns: TurnRecord[];
  summary: string | null;
  userSentiment: 'Positive' | 'Neutral' | 'Negative' | null;
  callSuccessful: boolean | null;
  /** What the caller asked for: kept so `/_sim/calls` shows it. */
  request: {
    systemPrompt: string | null;
    initialGreeting: string | null;
    variables: Record<string, string | null> | null;
  };
  persona: string;
}

export interface MessageRecord {
  id: string;
  accountId: string;
  conversationId: string;
  numberId: string;
  agentId: string | null;
  from: string;
  to: string;
  body: string;
  direction: 'inbound' | 'outbound';
  channel: 'sms' | 'mms';
  mediaUrls: string[];
  receivedAtMs: number;
}

export interface ConversationRecord {
  id: string;
  accountId: string;
  numberId: string;
  participant: string;
  metadata: Record<string, unknown> | null;
  createdAtMs: number;
  lastMessageAtMs: number;
}

export interface WebhookRecord {
  id: string;
  accountId: string;
  /** null for the account webhook. */
  agentId: string | null;
  url: string;
  secret: string;
  contextLimit: number;
  timeout: number;
  createdAt: string;
}

export interface DeliveryRecord {
  id: string;
  accountId: string;
  webhookId: string;
  /** Which webhook took it: the agent's own or the account default (for the per-agent delivery log). */
  scope: 'agent' | 'account';
  agentId: string | null;
  eventType: string;
  channel: string | null;
  messageId: string | null;
  /** The exact body bytes (as a string), identical on every attempt. */
  body: string;
  status: 'pending' | 'success' | 'failed';
  httpStatus: number | null;
  errorMessage: string | null;
  responseBody: string | null;
  attemptCount: number;
  lastAttemptAtMs: number | null;
  nextRetryAtMs: number | null;
  createdAtMs: number;
}

export interface VerificationRecord {
  id: string;
  email: string;
  agentName: string | null;
  code: string;
  expiresAtMs: number;
  wrongAttempts: number;
  used: boolean;
}

export interface OutboxEmail {
  to: string;
  subject: string;
  text: string;
  code: string;
  verificationId: string;
  sentAt: string;
}

export interface AutoReplyRecord {
  id: string;
  /** The human's number (who answers). */
  from: string;
  /** Only texts from this agent number trigger it; any when null. */
  to: string | null;
  match: string | null;
  reply: string;
  delayMs: number;
}

/** A callee registered through `/_sim/callees`. */
export type CalleeRecord =
  | { phoneNumber: string; persona: string; options: Record<string, unknown> }
  | { phoneNumber: string; script: ScriptedCall };

export interface ScriptedCall {
  turns: { role: 'agent' | 'user'; content: string }[];
  status: 'completed' | 'failed';
  disconnectionReason: string;
  durationSeconds: number;
  summary?: string | null;
  userSentiment?: 'Positive' | 'Neutral' | 'Negative' | null;
  callSuccessful?: boolean | null;
}

/** A booking a venue persona has accepted; it takes the slot out of availability. */
export interface BookingRecord {
  venueNumber: string;
  date: string;
  time: string;
  partySize: number;
  name: string | null;
  callId: string;
}

/** A time a venue offered a caller instead of the one asked for, so "the 8:30 you offered" works later. */
export interface OfferRecord {
  venueNumber: string;
  callerNumber: string;
  date: string;
  time: string;
  partySize: number;
}

export interface SimState {
  version: 1;
  /** Counters of every call ever placed (absent in snapshots written before it existed). */
  ledger?: CallLedgerRecord;
  /** Who answers unregistered numbers in a campaign played at scale (`POST /_sim/persona-mix`). */
  personaMix?: PersonaMix | null;
  accounts: AccountRecord[];
  agents: AgentRecord[];
  numbers: NumberRecord[];
  calls: SimCallRecord[];
  messages: MessageRecord[];
  conversations: ConversationRecord[];
  webhooks: WebhookRecord[];
  deliveries: DeliveryRecord[];
  verifications: VerificationRecord[];
  outbox: OutboxEmail[];
  callees: CalleeRecord[];
  autoReplies: AutoReplyRecord[];
  bookings: BookingRecord[];
  offers: OfferRecord[];
  /** The ready account made at start-up, if any. */
  readyAccount: ReadyAccount | null;
  clockOffsetMs: number;
  randomState: number;
}

/** The account the simulator provisions at start-up (printed as one JSON line by the CLI). */
export interface ReadyAccount {
  accountId: string;
  apiKey: string;
  agentId: string;
  numberId: string;
  phoneNumber: string;
  webhookSecret?: string;
}

export function emptyState(randomState: number): SimState {
  return {
    version: 1,
    ledger: emptyLedger(),
    personaMix: null,
    accounts: [],
    agents: [],
    numbers: [],
    calls: [],
    messages: [],
    conversations: [],
    webhooks: [],
    deliveries: [],
    verifications: [],
    outbox: [],
    callees: [],
    autoReplies: [],
    bookings: [],
    offers: [],
    readyAccount: null,
    clockOffsetMs: 0,
    randomState,
  };
}
