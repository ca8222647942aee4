/**
 * What a campaign played with the persona mix must end with, computed again from each contact's
 * number (the mix depends on the seed and the number only), and the comparison with what happened.
 */
import { campaignPersonaOf, type CampaignPersona, type PersonaMix } from '../../simulator/callees/mix';
import type { CampaignStatus } from '../../workflows/campaign/types';

/** How each persona's one call ends a contact (retries are off in the benchmark: one call each). */
export const PERSONA_RESULT: Record<CampaignPersona, { state: string; answer?: string }> = {
  confirm: { state: 'answered', answer: 'confirmed' },
  decline: { state: 'answered', answer: 'declined' },
  reschedule: { state: 'answered', answer: 'reschedule' },
  'wrong-number': { state: 'answered', answer: 'wrong_person' },
  'stop-calling': { state: 'answered', answer: 'opted_out' },
  'hangup-early': { state: 'answered', answer: 'unclear' },
  'no-answer': { state: 'no_answer' },
  busy: { state: 'busy' },
  voicemail: { state: 'voicemail' },
};

export interface ExpectedCounts {
  byPersona: Record<string, number>;
  byState: Record<string, number>;
  byAnswer: Record<string, number>;
}

export function expectedCounts(mix: PersonaMix, seed: number, phones: string[]): ExpectedCounts {
  const counts: ExpectedCounts = { byPersona: {}, byState: {}, byAnswer: {} };
  const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
  for (const phone of phones) {
    const persona = campaignPersonaOf(mix, seed, phone);
    bump(counts.byPersona, persona);
    const result = PERSONA_RESULT[persona];
    bump(counts.byState, result.state);
    if (result.answer) bump(counts.byAnswer, result.answer);
  }
  return counts;
}

/** The simulator's `GET /_sim/ledger` answer (the parts checked). */
export interface LedgerView {
  outbound: number;
  numbersCalled: number;
  byCallCount: Record<string, number>;
  byPersona: Record<string, number>;
}

/** Every difference between what should have happened and what did; empty when the run is exact. */
export function countMismatches(
  expected: ExpectedCounts,
  contacts: number,
  status: CampaignStatus,
  ledger: LedgerView,
): string[] {
  const problems: string[] = [];
  const same = (what: string, want: Record<string, number>, got: Record<string, number>) => {
    for (const key of new Set([...Object.keys(want), ...Object.keys(got)]))
      if ((want[key] ?? 0) !== (got[key] ?? 0))
        problems.push(`${what} ${key}: expected ${want[key] ?? 0}, got ${got[key] ?? 0}`);
  };
  if (status.state !== 'completed') problems.push(`campaign state ${status.state}, expected completed`);
  if (status.done !== contacts) problems.push(`results: ${status.done} of ${contacts} contacts`);
  same('contacts in state', expected.byState, status.byState);
  same('answers', expected.byAnswer, status.byAnswer);
  if (status.attempts !== contacts)
    problems.push(`attempts counted ${status.attempts}, expected ${contacts}`);
  if (ledger.outbound !== contacts) problems.push(`simulator calls ${ledger.outbound}, expected ${contacts}`);
  if (ledger.numbersCalled !== contacts)
    problems.push(`numbers called ${ledger.numbersCalled}, expected ${contacts}`);
  same('numbers called n times', { '1': contacts }, ledger.byCallCount);
  same('calls answered by persona', expected.byPersona, ledger.byPersona);
  return problems;
}
