/**
 * The whole ringflow stack for integration tests (stack/in-process.ts) on the run's shared Temporal dev
 * server, and a polling helper for what the tests wait on.
 */
import type { SimulatorOptions } from '../../simulator';
import { startInProcessStack, type InProcessStack, type StackInstruments } from '../../stack/in-process';

export type { InProcessStack as TestStack } from '../../stack/in-process';

/** The in-process stack on the harness's Temporal server (or one of its own when a file runs alone). */
export function startTestStack(
  simulatorOptions: SimulatorOptions = {},
  instruments: StackInstruments = {},
  workerEnv: Record<string, string> = {},
): Promise<InProcessStack> {
  return startInProcessStack({
    temporalAddress: process.env.RINGFLOW_TEST_TEMPORAL_ADDRESS,
    simulator: simulatorOptions,
    instruments,
    workerEnv,
  });
}

/** Polls until `check` returns a value (or throws after `timeoutMs`). */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
