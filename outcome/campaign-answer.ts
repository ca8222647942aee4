/**
 * Reads what a campaign call came to: a dial result (no answer, busy, voicemail, failed) or the
 * callee's answer to the campaign's question, mapped onto the campaign's answer schema, with the lines
 * it rests on. Deterministic; it runs in an activity, never in workflow code (design decision 11), so
 * a better reader needs no workflow patch.
 */
import { classifyCallEnd, type CallFacts } from './reservation';
import { normalizeTranscript, type NumberedTranscriptLine } from './transcript';

/** The reading of one campaign call. */
export type CampaignCallReading =
  | { kind: 'no_answer' | 'busy' | 'voicemail' | 'failed'; reason: string; evidence: string[] }
  | {
      kind: 'answered';
      /** One of the schema's answers, or `unclear`. */
      answer: string;
      /** The callee asked not to be called again (it wins over any answer; issue 9 files it). */
      optedOut: boolean;
      reason: string;
      evidence: string[];
    };

const SPOKEN_OPT_OUT =
  /\b(stop calling|don'?t call (me|this number)|do not call|take me off|remove me from|never call)\b/i;
const WRONG_PERSON =
  /\b(wrong number|wrong person|no one (here )?by that name|nobody (here )?by that name|you have the wrong)\b/i;
const RESCHEDULE =
  /\b(reschedule|another (day|time)|different (day|time)|move (it|the appointment)|can we change)\b/i;
const NO =
  /^(no|nope|nah|i'?m afraid not|not really|sorry,? (no|that doesn'?t))\b|\bdoesn'?t work for me\b|\bcan'?t make it\b/i;
const YES = /^(yes|yeah|yep|sure|absolutely|definitely|of course|that works|sounds good)\b|\bworks for me\b/i;

/** Closing words that answer nothing. */
const PLEASANTRY =
  /^(no problem|sure thing|you too|thanks|thank you|bye|goodbye|take care|have a (good|nice|great))\b/i;

/** Which schema answers a plain yes or no stands for, by the names operators give them. */
const YES_NAMES = ['confirmed', 'yes', 'accepted', 'interested', 'confirm'];
const NO_NAMES = ['declined', 'no', 'not_interested', 'rejected', 'decline'];

/**
 * @example readCampaignAnswer({ status: 'failed', disconnectionReason: 'dial_busy', transcript: [] }, ['confirmed'])
 * // → { kind: 'busy', … }
 */
export function readCampaignAnswer(call: CallFacts, answers: readonly string[]): CampaignCallReading {
  const lines = normalizeTranscript(call.transcript);
  const ended = classifyCallEnd(call, lines);
  if (ended && ended.kind !== 'unclear') {
    const kind = ended.kind as 'no_answer' | 'busy' | 'voicemail' | 'failed';
    return { kind, reason: ended.reason, evidence: ended.evidence.map((l) => l.text) };
  }
  const callee = lines.filter((l) => l.role === 'callee');
  const optOut = callee.find((l) => SPOKEN_OPT_OUT.test(l.text));
  const answered = (answer: string, reason: string, line?: NumberedTranscriptLine) => ({
    kind: 'answered' as const,
    answer,
    optedOut: optOut !== undefined,
    reason: optOut ? `asked not to be called again; ${reason}` : reason,
    evidence: [...new Set([optOut?.text, line?.text].filter((t): t is string => t !== undefined))],
  });
  const pick = (names: string[]) => answers.find((a) => names.includes(a));

  const recap = lines.findLast((l) => l.role === 'agent' && /^to recap:/i.test(l.text));
  const recapped =
    recap && answers.find((a) => new RegExp(`\\b${a.replaceAll('_', '[ _]')}\\b`, 'i').test(recap.text));
  // The answer is the first thing the callee says to the agent's question — not the goodbyes after it
  // ("No problem, take care" is no "no").
  const asked = lines.findIndex((l) => l.role === 'agent' && l.text.includes('?'));
  const replies = callee.filter((l) => l.index > asked && !PLEASANTRY.test(l.text.trim()));
  for (const line of replies) {
    if (WRONG_PERSON.test(line.text) && answers.includes('wrong_person'))
      return answered('wrong_person', 'the callee said it is the wrong person', line);
    if (RESCHEDULE.test(line.text) && answers.includes('reschedule'))
      return answered('reschedule', 'the callee asked for another time', line);
    const no = pick(NO_NAMES);
    if (NO.test(line.text.trim()) && no) return answered(no, 'the callee said no', line);
    const yes = pick(YES_NAMES);
    if (YES.test(line.text.trim()) && yes) return answered(yes, 'the callee said yes', line);
  }
  if (recapped) return answered(recapped, "the agent's closing recap", recap);
  return answered('unclear', 'no answer to the question was heard');
}
