/**
 * Party sizes and guest names as said on a booking call ("a table for two", "four people", "under
 * the name Manav").
 */
import { COUNT, readNumber, type Span } from './speech';

export interface PartyMention extends Span {
  size: number;
}

const PARTY_PATTERNS = [
  new RegExp(`\\b(?:party|table|group|reservation|booking) (?:of|for) (${COUNT})\\b`, 'g'),
  new RegExp(`\\b(${COUNT}) (?:people|persons?|guests?|adults|diners|pax|of (?:you|us|them))\\b`, 'g'),
  new RegExp(`\\bfor (${COUNT}) (?:at|people|guests)\\b`, 'g'),
];

/**
 * Party sizes in normalised text; their spans also tell the time reader which numbers are not times.
 *
 * @example findPartyMentions('a table for two at seven') // → [{ size: 2, ... }]
 */
export function findPartyMentions(text: string): PartyMention[] {
  const found: PartyMention[] = [];
  for (const regex of PARTY_PATTERNS) {
    for (const m of text.matchAll(regex)) {
      const size = readNumber(m[1]!);
      const start = m.index + m[0].indexOf(m[1]!);
      const span = { start, end: start + m[1]!.length };
      if (size === undefined || size < 1 || size > 50) continue;
      if (found.some((f) => f.start === span.start)) continue;
      found.push({ ...span, size });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

const NAME_WORDS = "[A-Z][a-zA-Z'’-]+(?: [A-Z][a-zA-Z'’-]+){0,2}";
const NAME_PATTERNS = [
  new RegExp(`\\b[Uu]nder (?:the name (?:of )?|the surname |)(${NAME_WORDS})`),
  new RegExp(`\\b(?:[Nn]ame|[Ss]urname)(?:'s| is| of| as)? (${NAME_WORDS})`),
];
/** Capitalised words that follow "under" without being a name. */
const NOT_A_NAME =
  /^(The|A|An|That|This|Your|Our|It|Saturday|Sunday|Monday|Tuesday|Wednesday|Thursday|Friday)\b/;

/**
 * The guest name a line states, read from the original (cased) text, since speech-to-text capitalises
 * names; `undefined` when the line gives none.
 *
 * @example findGuestName("Great, I've got you under Manav at 7:30.") // → 'Manav'
 */
export function findGuestName(original: string): string | undefined {
  for (const regex of NAME_PATTERNS) {
    const name = regex.exec(original)?.[1];
    if (name && !NOT_A_NAME.test(name)) return name.replace(/[’']s$/, '');
  }
  return undefined;
}
