/** Inputs, status and results of the reservation workflow (plain data: safe in history). */
import type { CallCheckSchedule } from '../types';

export interface Restaurant {
  name: string;
  /** E.164; must be dialable (no emergency, N11 or crisis numbers). */
  phone: string;
}

export interface ReservationPolicy {
  /** Calls per restaurant for no answer / busy / voicemail / "call back later". Default 3. */
  maxAttemptsPerRestaurant: number;
  /** Wait before the first retry of a restaurant; doubles each time. Default 10 minutes. */
  retryBackoffMs: number;
  /** How long the human has to answer an offer by SMS. Default 2 hours. */
  replyTimeoutMs: number;
  /** Safety-net timing of each call. */
  callChecks?: Partial<CallCheckSchedule>;
  /**
   * When a restaurant may be called, on its own clock: outside these hours the call waits for the next
   * opening (and is not made if that is too close to the table time). Default 10:00–21:00.
   */
  callingHours: CallingHours;
}

/** Wall-clock hours, "HH:MM" 24-hour; `end` may be "24:00". */
export interface CallingHours {
  start: string;
  end: string;
}

/** Calls at any hour (the simulator's restaurants never close). */
export const ANY_HOUR: CallingHours = { start: '00:00', end: '24:00' };

export const DEFAULT_RESERVATION_POLICY: ReservationPolicy = {
  maxAttemptsPerRestaurant: 3,
  retryBackoffMs: 10 * 60_000,
  replyTimeoutMs: 2 * 60 * 60_000,
  callingHours: { start: '10:00', end: '21:00' },
};

/**
 * "Book a table for 2 at Lovely Thai, 2026-12-05 around 19:00, under Manav; text me on +1…".
 *
 * @example
 * { requestId: 'r-42', restaurants: [{ name: 'Lovely Thai', phone: '+14155550123' }], partySize: 2,
 *   date: '2026-12-05', time: '19:00', flexMinutes: 60, name: 'Manav', notifyNumber: '+14155550199' }
 */
export interface ReservationRequest {
  requestId: string;
  /** Tried in order: a full restaurant or one that never answers moves on to the next. */
  restaurants: Restaurant[];
  partySize: number;
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM, 24-hour */
  time: string;
  /** How far from `time` the human would still go; told to the restaurant. */
  flexMinutes: number;
  /** The name the table is booked under. */
  name: string;
  /** The human's phone: offers and the result are texted here, replies come from here. */
  notifyNumber: string;
  /** The AgentPhone agent that calls and texts; defaults to the worker's agent. */
  agentId?: string;
  policy?: Partial<ReservationPolicy>;
}

/**
 * A restaurant with what its own clock says, worked out before the first call (an activity, outside
 * workflow code, so a tzdata change between deploys cannot change a replay).
 */
export interface PlannedRestaurant extends Restaurant {
  /** Its time zone, from the area code (Eastern where the code tells none, e.g. toll-free). */
  timeZone: string;
  /** The requested date and time on its wall clock, as an instant. */
  tableAtMs: number;
}

/** A validated request (numbers in E.164) and its restaurants with their clocks. */
export interface ReservationPlan {
  request: ReservationRequest;
  restaurants: PlannedRestaurant[];
}

export type ReservationState =
  | 'calling'
  | 'waiting_to_retry'
  | 'waiting_for_hours'
  | 'awaiting_reply'
  | 'booked'
  | 'not_booked'
  | 'lapsed'
  | 'declined'
  | 'opted_out'
  | 'cancelled';

export interface TableBooking {
  restaurant: Restaurant;
  date: string;
  time: string;
  partySize: number;
  name: string;
}

export interface ReservationCallSummary {
  workflowId: string;
  callId: string | null;
  restaurant: string;
  outcome: string;
  reason: string;
}

export interface ReservationStatus {
  requestId: string;
  state: ReservationState;
  /** One human sentence about where things stand. */
  message: string;
  restaurant: Restaurant | null;
  calls: ReservationCallSummary[];
  offer: { date: string; time: string } | null;
  booking: TableBooking | null;
  smsSent: { to: string; body: string; messageId: string }[];
}

export type ReservationResult = ReservationStatus;
