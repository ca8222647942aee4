/**
 * The ground truth of a scenario: the simulator's own records of every call placed and SMS sent,
 * compared number by number with what the workload intended. A double dial, a lost call, a text to an
 * opted-out number or one nobody intended each shows up here, whatever the workflows believe.
 */
import type { IntendedEffects } from './workload';
import type { ChaosStack } from './stack';

interface SimCall {
  direction: string;
  toNumber?: string;
  to?: string;
}
interface SimMessage {
  direction: string;
  to: string;
}

export interface LedgerCheck {
  calls: number;
  sms: number;
  problems: string[];
}

function count(numbers: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const n of numbers) counts.set(n, (counts.get(n) ?? 0) + 1);
  return counts;
}

/** Differences between intended and actual counts, one line per number (the first few). */
function differences(kind: string, intended: Map<string, number>, actual: Map<string, number>): string[] {
  const lines: string[] = [];
  for (const number of new Set([...intended.keys(), ...actual.keys()])) {
    const want = intended.get(number) ?? 0;
    const got = actual.get(number) ?? 0;
    if (want !== got) lines.push(`${kind} to ${number}: ${got}, intended ${want}`);
  }
  return lines;
}

/** Reads the simulator's call and message records and checks them against the plan. */
export async function checkLedger(stack: ChaosStack, intended: IntendedEffects): Promise<LedgerCheck> {
  // settle=1: attempts still on the wire land first, so the records are final.
  await stack.get('/_sim/state?settle=1');
  const calls = (await stack.list<SimCall>('/_sim/calls'))
    .filter((c) => c.direction === 'outbound')
    .map((c) => c.toNumber ?? c.to ?? '?');
  const texts = (await stack.list<SimMessage>('/_sim/messages'))
    .filter((m) => m.direction === 'outbound')
    .map((m) => m.to);
  const actualCalls = count(calls);
  const actualSms = count(texts);
  const problems = [
    ...differences('calls', intended.calls, actualCalls),
    ...differences('SMS', intended.sms, actualSms),
  ];
  for (const number of intended.optedOut)
    if (actualCalls.has(number) || actualSms.has(number))
      problems.push(`opt-out ignored: ${number} was called or texted`);
  return { calls: calls.length, sms: texts.length, problems };
}
