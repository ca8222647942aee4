import { z } from 'zod';

import { Random } from '../random';
import { readBookingRequest, type BookingRequest } from './request-reading';
import { minutesOf, sayCount, sayDate, sayTime } from './speech';
import { withAnalysis, type CallContext, type CallPlan, type Line, type Persona } from './types';

/**
 * Venues that take bookings over the phone: the restaurant (tables) and the salon (appointments).
 * They read the caller's request, check it against a table of availability minus what is already
 * booked, and answer like staff do: confirm and repeat the details, offer the nearest other time, say
 * they are full, or ask to be called back.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

export const VenueOptionsSchema = z.object({
  /** The venue's name as staff answer the phone. */
  name: z.string().min(1).optional(),
  /** Free slots per date; dates not listed use the default generator. */
  availability: z
    .record(
      z.string().regex(DATE, 'dates are YYYY-MM-DD'),
      z.array(z.string().regex(CLOCK, 'times are HH:MM')),
    )
    .optional(),
  /** Largest party taken over the phone (restaurant). */
  maxParty: z.number().int().min(1).optional(),
  behaviour: z.enum(['normal', 'full', 'call-back']).optional(),
  /** `false` leaves summary/userSentiment/callSuccessful null (the no-analysis path). */
  analysis: z.boolean().optional(),
});
export type VenueOptions = z.infer<typeof VenueOptionsSchema>;

interface Vocabulary {
  kind: 'restaurant' | 'salon';
  defaultName: string;
  staff: readonly string[];
  /** Hours below this without am/pm are read as pm. */
  pmBelow: number;
  /** Slots the default generator starts from. */
  slots: readonly string[];
  defaultMaxParty: number;
  greet(name: string, staff: string, random: Random): string;
  ask: readonly string[];
  thing(request: Resolved): string;
}

interface Resolved {
  partySize: number;
  date: string;
  time: string;
  name: string | null;
  service: string;
}

const halfHours = (from: number, to: number) => {
  const out: string[] = [];
  for (let m = from * 60; m <= to * 60; m += 30)
    out.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${m % 60 ? '30' : '00'}`);
  return out;
};

const RESTAURANT: Vocabulary = {
  kind: 'restaurant',
  defaultName: 'Lovely Thai',
  staff: ['Maria', 'Tom', 'Priya', 'Luca', 'Hannah'],
  pmBelow: 11,
  slots: halfHours(17, 21.5),
  defaultMaxParty: 8,
  greet: (name, staff, random) =>
    random.pick([
      `Good evening, ${name}, this is ${staff} speaking. How can I help you?`,
      `Hi, ${name}, ${staff} speaking!`,
      `${name}, good evening!`,
    ]),
  ask: [
    'Of course! For how many people, and which day?',
    'Sure thing. How many of you, and when were you thinking?',
  ],
  thing: (r) => `a table for ${sayCount(r.partySize)}`,
};

const SALON: Vocabulary = {
  kind: 'salon',
  defaultName: 'Lovely Nails & Hair',
  staff: ['Jess', 'Kim', 'Sofia', 'Dana'],
  pmBelow: 8,
  slots: halfHours(9, 17).filter((t) => t.endsWith(':00')),
  defaultMaxParty: 3,
  greet: (name, staff, random) =>
    random.pick([
      `Thanks for calling ${name}, this is ${staff}. How can I help?`,
      `Hi, ${name}, ${staff} speaking. What can I do for you?`,
    ]),
  ask: [
    'Sure! What would you like to book, and when?',
    'Of course. What service, and what day works for you?',
  ],
  thing: (r) => `a ${r.service}`,
};

/**
 * Free slots on a date: the configured list, or a generated one (deterministic for seed, venue and
 * date) where about a quarter of slots are taken and Friday/Saturday peaks are gone; minus bookings.
 */
function freeSlots(ctx: CallContext, vocab: Vocabulary, options: VenueOptions, date: string): string[] {
  let slots = options.availability?.[date];
  if (!slots) {
    const random = Random.derive(ctx.seed, 'availability', ctx.remoteNumber, date);
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    const peak = vocab.kind === 'restaurant' && (weekday === 5 || weekday === 6) ? ['19:00', '19:30'] : [];
    slots = vocab.slots.filter((s) => !peak.includes(s) && !random.chance(0.25));
  }
  const taken = new Set(ctx.venueBook.bookings(ctx.remoteNumber, date).map((b) => b.time));
  return slots.filter((s) => !taken.has(s)).sort();
}

/** The nearest free slots to the wanted time, closest first (two at most). */
function alternatives(slots: string[], wanted: string): string[] {
  return [...slots]
    .sort(
      (a, b) =>
        Math.abs(minutesOf(a) - minutesOf(wanted)) - Math.abs(minutesOf(b) - minutesOf(wanted)) ||
        a.localeCompare(b),
    )
    .slice(0, 2);
}

function within(window: { from: string; to: string } | null, time: string): boolean {
  return window !== null && time >= window.from && time <= window.to;
}

function requestLine(vocab: Vocabulary, r: Resolved): string {
  const when = `on ${sayDate(r.date)} at ${sayTime(r.time, true)}`;
  return vocab.kind === 'restaurant'
    ? `It'd be for ${sayCount(r.partySize)} ${r.partySize === 1 ? 'person' : 'people'} ${when}.`
    : `I'd like a ${r.service} ${when}, please.`;
}

function resolve(
  request: BookingRequest,
  offer: { date: string; time: string; partySize: number } | undefined,
): Resolved | null {
  const date = request.date ?? (request.acceptsOffer ? offer?.date : undefined);
  const time = request.time ?? (request.acceptsOffer ? offer?.time : undefined);
  if (!date || !time) return null;
  return {
    partySize: request.partySize ?? offer?.partySize ?? 2,
    date,
    time,
    name: request.name,
    service: request.service ?? 'haircut',
  };
}

function venuePersona(vocab: Vocabulary): Persona {
  return (ctx, rawOptions) => {
    const options = VenueOptionsSchema.parse(rawOptions);
    const { random } = ctx;
    const venue = options.name ?? vocab.defaultName;
    const staff = random.pick(vocab.staff);
    const request = readBookingRequest(
      [ctx.systemPrompt, ctx.initialGreeting],
      ctx.variables,
      ctx.nowMs,
      vocab.pmBelow,
    );
    const offer = ctx.venueBook.lastOffer(ctx.remoteNumber, ctx.ourNumber);
    const wanted = resolve(request, offer);
    const lines: Line[] = [];
    const user = (content: string) => lines.push({ role: 'user', content });
    const agent = (content: string) => lines.push({ role: 'agent', content });
    // The agent closes with a one-sentence recap when its instructions ask for one (the reservation call
    // script appends outcome/recap.ts's CALL_RECAP_INSTRUCTION), as a real LLM agent would.
    const recapAsked = /\bto recap\b/i.test(ctx.systemPrompt ?? '');
    const closing = (words: string, recap: string, goodbye = '') =>
      agent([words, recapAsked ? `To recap: ${recap}.` : '', goodbye].filter(Boolean).join(' '));
    const finish = (
      plan: Omit<CallPlan, 'lines' | 'status' | 'ringSeconds' | 'disconnectionReason'>,
    ): CallPlan =>
      withAnalysis(
        {
          ...plan,
          lines,
          status: 'completed',
          disconnectionReason: lines.at(-1)?.role === 'agent' ? 'agent_hangup' : 'user_hangup',
          ringSeconds: random.int(2, 6),
        },
        options.analysis,
      );

    user(vocab.greet(venue, staff, random));
    const opening = ctx.initialGreeting
      ? ctx.initialGreeting
      : `Hi there! I'm calling to make ${vocab.kind === 'restaurant' ? 'a reservation' : 'an appointment'}, please.`;
    if (request.acceptsOffer && wanted) {
      agent(
        `${opening} I called earlier and you offered ${sayTime(wanted.time)} on ${sayDate(wanted.date)} — we'd like to take that, please.`,
      );
      user(`Oh yes, the ${sayTime(wanted.time)}. Let me just make sure it's still free...`);
    } else {
      agent(opening);
      user(random.pick(vocab.ask));
      if (!wanted) {
        closing(
          "I'm actually not sure of the exact day and time yet. Let me check and call you back.",
          'nothing booked; I had no day and time to ask for',
        );
        user('No problem at all. Talk soon, bye!');
        return finish({
          summary: `Called ${venue} but had no date or time to book; no booking made.`,
          userSentiment: 'Neutral',
          callSuccessful: false,
        });
      }
      agent(requestLine(vocab, wanted));
      user(
        random.pick([
          'Let me just check the book for you...',
          'One moment, let me have a look.',
          'Okay, let me see what we have.',
        ]),
      );
    }

    if (options.behaviour === 'call-back') {
      user(
        "Oh, I'm so sorry, we're right in the middle of a rush and I can't get to the book. Could you call back after 3 this afternoon?",
      );
      closing(
        "Of course, I'll call back later. Thank you!",
        'nothing booked yet; they asked us to call back after 3 PM',
      );
      user('Thanks, bye!');
      return finish({
        summary: `${venue} asked us to call back later (after 3 PM); no booking made.`,
        userSentiment: 'Neutral',
        callSuccessful: false,
      });
    }
    const maxParty = options.maxParty ?? vocab.defaultMaxParty;
    if (vocab.kind === 'restaurant' && wanted.partySize > maxParty) {
      user(
        `For a group of ${sayCount(wanted.partySize)} you'd need to book through our events team, I'm afraid. We only take tables up to ${sayCount(maxParty)} over the phone.`,
      );
      closing(
        "Understood, I'll pass that on. Thanks for your help.",
        `no table; they can't take a party of ${wanted.partySize} by phone`,
      );
      user('No worries, bye now!');
      return finish({
        summary: `${venue} only takes parties up to ${maxParty} by phone; no booking made for ${wanted.partySize}.`,
        userSentiment: 'Neutral',
        callSuccessful: false,
      });
    }
    const slots = options.behaviour === 'full' ? [] : freeSlots(ctx, vocab, options, wanted.date);
    if (slots.length === 0) {
      user(`I'm afraid we're fully booked on ${sayDate(wanted.date)}. Sorry about that.`);
      closing(
        "Ah, that's a shame. Thank you for checking anyway.",
        `no table; they're fully booked on ${sayDate(wanted.date)}`,
      );
      user('Sorry again, maybe another time. Bye!');
      return finish({
        summary: `${venue} is fully booked on ${wanted.date}; no booking made.`,
        userSentiment: 'Negative',
        callSuccessful: false,
      });
    }

    let booked = wanted;
    if (!slots.includes(wanted.time)) {
      const others = alternatives(slots, wanted.time);
      const [best, second] = others as [string, string | undefined];
      user(
        second
          ? `We don't have ${sayTime(wanted.time)}, I'm afraid, but I could do ${sayTime(best)} or ${sayTime(second)}.`
          : `We don't have ${sayTime(wanted.time)} but I could do ${sayTime(best)}.`,
      );
      const acceptable = others.find((t) => within(request.window, t));
      if (!acceptable) {
        ctx.venueBook.offer({
          venueNumber: ctx.remoteNumber,
          callerNumber: ctx.ourNumber,
          date: wanted.date,
          time: best,
          partySize: wanted.partySize,
        });
        closing(
          `Let me check whether ${sayTime(best)} works and call you back. Thanks so much.`,
          `nothing booked; they offered ${others.map((t) => sayTime(t, true)).join(' or ')} on ${sayDate(wanted.date)} instead`,
        );
        user("Sure, I can't hold it for you, but just give us a ring. Bye!");
        const offered = others.join(' or ');
        return finish({
          summary: `${venue} has nothing at ${wanted.time} on ${wanted.date}; offered ${offered} instead. No booking made yet.`,
          userSentiment: 'Neutral',
          callSuccessful: false,
        });
      }
      agent(`${sayTime(acceptable)} works. Let's do that, please.`);
      booked = { ...wanted, time: acceptable };
    } else if (!request.acceptsOffer) {
      user(`Yes, we can do ${sayTime(wanted.time)}.`);
    } else {
      user("Yes, it's still free.");
    }

    const name = booked.name ?? 'Alex';
    if (booked.name) {
      agent(`Wonderful. It's under the name ${name}.`);
    } else {
      user('Lovely, and what name should I put that under?');
      agent(`Under ${name}, please.`);
    }
    user(
      `Perfect, so that's ${vocab.thing(booked)} on ${sayDate(booked.date)} at ${sayTime(booked.time, true)}, under ${name}. We'll see you then!`,
    );
    const what = vocab.kind === 'restaurant' ? `a table for ${booked.partySize}` : `a ${booked.service}`;
    closing(
      'Thank you so much.',
      `booked ${what} on ${sayDate(booked.date)} at ${sayTime(booked.time, true)} under ${name}`,
      'Goodbye!',
    );
    user('Bye now!');
    ctx.venueBook.book({
      venueNumber: ctx.remoteNumber,
      date: booked.date,
      time: booked.time,
      partySize: booked.partySize,
      name,
      callId: ctx.callId,
    });
    const changed =
      booked.time !== wanted.time ? ` (asked for ${wanted.time}, took the offered ${booked.time})` : '';
    return finish({
      summary: `Booked ${what} at ${venue} on ${booked.date} at ${booked.time} under ${name}${changed}.`,
      userSentiment: 'Positive',
      callSuccessful: true,
    });
  };
}

export const restaurant = venuePersona(RESTAURANT);
export const salon = venuePersona(SALON);
