/**
 * Finds a spoken opt-out in a call's transcript: the person on the line asks not to be called (or
 * texted) again — "stop calling me", "take me off your list", "don't call this number again". The law
 * treats a verbal request as binding, so every call's transcript is read (by the `recordSpokenOptOut`
 * activity, never in workflow code: a reader of human words keeps improving). Only the person's turns
 * count: an agent saying "we won't call you again" is not the person opting out. Pure.
 */
import type { TranscriptTurn } from '../workflows/types';
import { normalizeSpeech } from './speech';

/** A spoken opt-out, with the turn it rests on. */
export interface SpokenOptOut {
  /** The turn's index in the transcript. */
  index: number;
  /** The person's words, as transcribed. */
  text: string;
}

const CONTACT = '(?:calling|ringing|phoning|texting|messaging|contacting|bothering)';
const ME = '(?:me|us|this number|my number|my phone|here)';
const LIST = '(?:(?:your|the|ur) )?(?:(?:calling|call|contact|mailing|phone|marketing) )?list';
/** "don't", "do not", "never", "won't"… right before a request undoes it ("don't stop calling"). */
const UNDONE = /(?:\b(?:don't|dont|do not|never|won't|wont|not|no need to)\s+(?:you\s+)?(?:ever\s+)?)$/;

const PATTERNS: RegExp[] = [
  // stop / quit calling me (now, please, ever)
  new RegExp(`\\b(?:stop|quit|cease) ${CONTACT}(?: ${ME})?\\b`),
  // take me off / remove me from your list
  new RegExp(`\\b(?:take|get|put) (?:me|my number|us|this number) (?:off|out of) ${LIST}\\b`),
  new RegExp(`\\bremove (?:me|my number|us|this number) (?:from|off) ${LIST}\\b`),
  new RegExp(
    `\\b(?:take|remove|delete) (?:me|my number|this number)(?: from (?:your|the) (?:system|records?|database))?(?: please)?[.!]?$`,
  ),
  // put me on your do not call list
  new RegExp(
    `\\b(?:put|add|place) (?:me|my number|us|this number) (?:on|to) (?:your |the )?(?:do not|don't|dont) call list\\b`,
  ),
  // don't call (me / this number) again / anymore; never call me again
  new RegExp(
    `\\b(?:don't|dont|do not|never)(?: you)?(?: ever)? (?:call|text|phone|ring|contact) ${ME}(?: (?:back ))?(?: ever)? (?:again|anymore|any more|ever)\\b`,
  ),
  new RegExp(
    `\\b(?:don't|dont|do not|never)(?: ever)? (?:call|text|phone|ring|contact) (?:this number|my number|my phone)\\b`,
  ),
  new RegExp(`\\b(?:don't|dont|do not) (?:call|text|contact) me[.!]?$`),
  // no more calls; I want to opt out / unsubscribe
  /\bno more (?:calls|texts|messages)\b/,
  /\b(?:opt|opting) (?:me )?out\b/,
  /\bunsubscribe\b/,
];

/**
 * The first turn of the person (`user`) that asks not to be contacted again, or undefined.
 *
 * @example findSpokenOptOut([{ role: 'user', content: 'Please stop calling me.' }]) // { index: 0, … }
 * @example findSpokenOptOut([{ role: 'user', content: "I can't stop laughing!" }]) // undefined
 */
export function findSpokenOptOut(transcript: readonly TranscriptTurn[]): SpokenOptOut | undefined {
  for (const [index, turn] of transcript.entries()) {
    if (turn.role !== 'user') continue;
    const sentences = normalizeSpeech(turn.content)
      .replace(/[,;:]/g, ' ')
      .split(/(?<=[.!?])\s+/);
    if (sentences.some(asksNotToBeContacted)) return { index, text: turn.content };
  }
  return undefined;
}

function asksNotToBeContacted(sentence: string): boolean {
  const s = sentence.replace(/\s+/g, ' ').trim();
  for (const pattern of PATTERNS) {
    const match = pattern.exec(s);
    if (!match) continue;
    // "please don't stop calling", "you never stop texting": a negated stop is no opt-out.
    if (/^(?:stop|quit|cease)/.test(match[0]) && UNDONE.test(s.slice(0, match.index))) continue;
    return true;
  }
  return false;
}
