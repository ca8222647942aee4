/**
 * Texting a person within the carriers' rules (spec §1.8): the first SMS to a contact names the sender
 * and says how to opt out, or carriers may drop it silently while the API still reports "sent"; a
 * contact who texted STOP gets nothing more until they text START. The keywords are read here (at the
 * ingress, into the SMS's reading); the opt-out list (common/opt-out.ts) is the record of consent, and
 * our number's message history only tells whether a contact was introduced. Pure.
 */

/** The industry-standard opt-out keywords (CTIA), honoured when they are the whole message. */
const OPT_OUT = new Set(['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'optout', 'revoke']);
/** The opt-in keywords that undo an opt-out. YES is left out: it answers our offers. */
const OPT_IN = new Set(['start', 'unstop', 'optin']);
/** What a person texts to ask who is texting them. */
const HELP = new Set(['help', 'info']);

export const OPT_OUT_WORDING = 'Reply STOP to opt out.';
/** Who a first text says it is from unless RINGFLOW_SMS_SENDER names someone else. */
export const DEFAULT_SMS_SENDER = 'Ringflow';
/** The longest sender name (RINGFLOW_SMS_SENDER) a first text carries in front. */
export const SENDER_MAX_CHARS = 30;
/** What the API accepts in one SMS body (longer ones are cut there, opt-out wording and all). */
export const SMS_MAX_CHARS = 1600;
/** The longest body that still fits once a first contact's sender and opt-out wording are added. */
export const SMS_BODY_MAX_CHARS =
  SMS_MAX_CHARS - SENDER_MAX_CHARS - ': '.length - ` ${OPT_OUT_WORDING}`.length;

/** A whole message as one lower-case word: " Opt-out. " → "optout", "please stop" → "pleasestop". */
function normalized(body: string): string {
  return body
    .trim()
    .toLowerCase()
    .replace(/[\s.!?]+$/, '')
    .replace(/[\s-]/g, '');
}

/** The consent keyword a whole message is, if it is one: "Stop." → "stop", "please stop" → undefined. */
function keywordOf(body: string): string | undefined {
  const word = normalized(body);
  return OPT_OUT.has(word) || OPT_IN.has(word) ? word : undefined;
}

/**
 * What a whole message says about consent, if anything: an opt-out (STOP…), its undoing (START…), or a
 * request to say who we are (HELP, INFO).
 */
export function consentKeywordOf(body: string): 'stop' | 'start' | 'help' | undefined {
  const word = normalized(body);
  if (OPT_OUT.has(word)) return 'stop';
  if (OPT_IN.has(word)) return 'start';
  return HELP.has(word) ? 'help' : undefined;
}

/** True when the whole message asks who we are (HELP, INFO). */
export function isHelpRequest(body: string): boolean {
  return HELP.has(normalized(body));
}

/**
 * The answer to HELP; it goes out signed, with the opt-out wording (`composeSms`, as to a first contact).
 * Worded for every flow, not only reservations: whoever texts HELP should learn what this number is.
 */
export const HELP_ANSWER =
  'This number sends automated texts for an AI phone assistant. Msg & data rates may apply.';

/** True when the whole message is an opt-out keyword such as STOP or UNSUBSCRIBE. */
export function isOptOut(body: string): boolean {
  const word = keywordOf(body);
  return word !== undefined && OPT_OUT.has(word);
}

export interface HistoryMessage {
  direction: string;
  from: string;
  to: string;
  body: string;
  receivedAt: string;
}

export interface Consent {
  /**
   * The contact's latest keyword in the history read was an opt-out; when they sent it. Not what
   * decides a send any more (the opt-out list does): kept for diagnosis.
   */
  optedOutAt: string | null;
  /** We have texted this contact before (within the history we looked at). */
  introduced: boolean;
}

/** What our number's history (newest first) says about texting `contact`. */
export function consentOf(history: readonly HistoryMessage[], contact: string): Consent {
  let optedOutAt: string | null = null;
  let keywordSeen = false;
  let introduced = false;
  for (const message of history) {
    if (message.direction === 'outbound' && message.to === contact) introduced = true;
    if (keywordSeen || message.direction !== 'inbound' || message.from !== contact) continue;
    const word = keywordOf(message.body);
    if (word === undefined) continue;
    keywordSeen = true; // the newest keyword decides
    if (OPT_OUT.has(word)) optedOutAt = message.receivedAt;
  }
  return { optedOutAt, introduced };
}

/** The text that goes out: a first contact gets the sender's name in front and the opt-out wording after. */
export function composeSms(body: string, options: { sender: string; introduced: boolean }): string {
  return options.introduced ? body : `${options.sender}: ${body} ${OPT_OUT_WORDING}`;
}
