/**
 * The words of a reservation: the call prompt, the SMS texts, and reading the human's reply. Pure and
 * deterministic, so workflow code can use it; the wording lives here, not spread over the flow.
 */
import type { Booking, HumanReply, ReservationRequest, Restaurant } from './reservation-types';
import { MONTH_NAMES, WEEKDAY_NAMES } from '../common/calendar';
import { isOptOut } from '../common/sms-consent';

/** "2026-12-05" → "Saturday, December 5". */
export function spokenDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = WEEKDAY_NAMES[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  return `${weekday}, ${MONTH_NAMES[m - 1]} ${d}`;
}

/** "19:30" → "7:30 PM", "19:00" → "7 PM". */
export function spokenTime(time: string): string {
  const [h, min] = time.split(':').map(Number) as [number, number];
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  const suffix = h < 12 ? 'AM' : 'PM';
  return min === 0 ? `${hour12} ${suffix}` : `${hour12}:${String(min).padStart(2, '0')} ${suffix}`;
}

export interface WantedTable {
  date: string;
  time: string;
  /** True when calling back to take a time the restaurant itself offered. */
  acceptingOffer: boolean;
}

export interface CallScript {
  systemPrompt: string;
  initialGreeting: string;
  variables: Record<string, string>;
}

/** The autonomous agent's instructions for one reservation call. */
export function reservationCallScript(
  request: ReservationRequest,
  restaurant: Restaurant,
  wanted: WantedTable,
): CallScript {
  const variables = {
    restaurant: restaurant.name,
    name: request.name,
    party_size: String(request.partySize),
    date: wanted.date,
    time: wanted.time,
    date_spoken: spokenDate(wanted.date),
    time_spoken: spokenTime(wanted.time),
    flex_minutes: String(request.flexMinutes),
    accepting_offer: wanted.acceptingOffer ? 'yes' : 'no',
  };
  const task = wanted.acceptingOffer
    ? 'You are calling back to take the table they offered earlier: a table for {{party_size}} on ' +
      '{{date_spoken}} at {{time_spoken}} under the name {{name}}. Ask them to book it.'
    : 'Ask for a table for {{party_size}} on {{date_spoken}} at {{time_spoken}} under the name {{name}}. ' +
      'If that time is not available, ask which times they can offer within {{flex_minutes}} minutes of it, ' +
      'note them, thank them and end the call without booking: do not accept another time yourself.';
  const systemPrompt = [
    'You are a polite assistant calling {{restaurant}} on behalf of {{name}} to book a table.',
    task,
    'If they are fully booked, or ask you to call back later, thank them and end the call.',
    'When they confirm a booking, ask them to repeat the name, date, time and party size, then thank them and say goodbye.',
    'Keep it short and natural. Do not share any other personal information.',
  ].join(' ');
  const initialGreeting = wanted.acceptingOffer
    ? `Hi, I'm calling back about the ${variables.time_spoken} you offered for ${variables.party_size} on ${variables.date_spoken}. We'd like to take it, under the name ${request.name}.`
    : `Hi, I'd like to book a table for ${variables.party_size} on ${variables.date_spoken} at ${variables.time_spoken}, under the name ${request.name}.`;
  return { systemPrompt, initialGreeting, variables };
}

export const sms = {
  booked: (b: Booking) =>
    `Booked: table for ${b.partySize} at ${b.restaurant.name}, ${spokenDate(b.date)} at ${spokenTime(b.time)}, under ${b.name}.`,
  /** The first offer is the one YES takes; the others are named so the human can pick one by time. */
  offer: (restaurant: Restaurant, request: ReservationRequest, offers: { date: string; time: string }[]) => {
    const said = offers.map(
      (o) => `${spokenTime(o.time)}${o.date !== request.date ? ` on ${spokenDate(o.date)}` : ''}`,
    );
    const first = said[0] ?? '';
    return (
      `${restaurant.name} has no table for ${request.partySize} at ${spokenTime(request.time)} on ${spokenDate(request.date)}` +
      ` but offered ${said.join(' or ')}. Reply YES to book ${first}, NO to skip, or another time (e.g. 8:30pm).`
    );
  },
  didNotUnderstand: () => `Sorry, I didn't get that. Reply YES, NO, or a time like 8:30pm.`,
  lapsed: (restaurant: Restaurant, offer: { time: string }) =>
    `No reply, so the ${spokenTime(offer.time)} offer from ${restaurant.name} has lapsed. Nothing was booked.`,
  declined: (restaurant: Restaurant) => `OK, not booking at ${restaurant.name}.`,
  notBooked: (request: ReservationRequest, tried: string[], tooLate: string[] = []) =>
    `Sorry, I couldn't book a table for ${request.partySize} on ${spokenDate(request.date)}.` +
    (tried.length > 0 ? ` Tried: ${tried.join(', ')}.` : '') +
    (tooLate.length > 0 ? ` Too late to call: ${tooLate.join(', ')}.` : ''),
};

const YES =
  /^(y|yes|yeah|yep|yup|sure|ok|okay|book it|sounds good|please do|please|confirm|go ahead|do it|perfect|great)\b/;
const NO = /^(n|no|nope|nah|don't|dont|do not|cancel|skip|pass|no thanks)\b/;
/** A word that turns a yes-sounding reply ("please stop", "ok but not tonight") into something else. */
const NEGATION = /\b(no|not|nope|nah|never|don't|dont|can't|cant|won't|wont|stop|cancel)\b/;
const TIME = /\b(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?=\W|$)/;

/**
 * Reads a human's SMS answer to an offer: YES, NO, another time, or an opt-out keyword such as STOP.
 * A yes that also says no ("please stop texting") is not a yes. A bare hour is read as evening (dinner
 * context): "8" → 20:00, "11:30" → 23:30, but "12" → 12:00. `legacy` reads as workflows started before
 * opt-outs were honoured did (no STOP, no negation check), so their histories replay unchanged.
 */
export function parseHumanReply(text: string, options: { legacy?: boolean } = {}): HumanReply {
  const legacy = options.legacy ?? false;
  if (!legacy && isOptOut(text)) return { kind: 'stop' };
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[!?,]+/g, ' ')
    .replace(/\s+/g, ' ');
  const time = TIME.exec(t);
  if (time && !/^(yes|y|ok|okay)$/.test(t)) {
    let hour = Number(time[1]);
    const minute = Number(time[2] ?? '0');
    const meridiem = time[3]?.[0];
    if (hour <= 23 && minute < 60 && (time[2] !== undefined || meridiem !== undefined || hour <= 12)) {
      if (meridiem === 'p' && hour < 12) hour += 12;
      else if (meridiem === 'a' && hour === 12) hour = 0;
      else if (!meridiem && hour >= 1 && hour <= 11) hour += 12;
      return { kind: 'time', time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` };
    }
  }
  if (YES.test(t) && (legacy || !NEGATION.test(t))) return { kind: 'yes' };
  if (NO.test(t)) return { kind: 'no' };
  return { kind: 'unknown', text };
}
