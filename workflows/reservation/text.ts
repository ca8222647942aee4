/**
 * The words of a reservation: the call prompt and the SMS texts. Pure and deterministic, so workflow
 * code can use it; the wording lives here, not spread over the flow. (Reading the human's answers is
 * not done here: that happens at the edge, see outcome/human-reply.ts.)
 */
import type { TableBooking, ReservationRequest, Restaurant } from './types';
import { MONTH_NAMES, WEEKDAY_NAMES } from '../../common/calendar';
import { CALL_RECAP_INSTRUCTION } from '../../outcome/recap-instruction';

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
    CALL_RECAP_INSTRUCTION,
  ].join(' ');
  const initialGreeting = wanted.acceptingOffer
    ? `Hi, I'm calling back about the ${variables.time_spoken} you offered for ${variables.party_size} on ${variables.date_spoken}. We'd like to take it, under the name ${request.name}.`
    : `Hi, I'd like to book a table for ${variables.party_size} on ${variables.date_spoken} at ${variables.time_spoken}, under the name ${request.name}.`;
  return { systemPrompt, initialGreeting, variables };
}

export const sms = {
  booked: (b: TableBooking) =>
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
