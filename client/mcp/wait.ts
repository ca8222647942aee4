/**
 * How a tool waits on a running flow for at most `wait_seconds`: it polls the flow's own view of itself
 * (a query) and reports each new message as an MCP progress notification, then returns what it last
 * saw. An agent that does not want to wait passes 0 and gets the handle at once.
 */
import type { ToolContext } from './tool';

/** How often a waiting tool asks the flow where it is. */
export const WAIT_POLL_MS = 500;

export interface WaitStep<T> {
  value: T;
  /** True once there is nothing more to wait for (an end state, or a question for the agent). */
  settled: boolean;
  /** One sentence about where the flow is, sent as progress when it changes. */
  message: string;
  /** Progress figures when the flow has them (a campaign's done/total). */
  progress?: { done: number; total: number };
}

/** Polls `look` until it settles, `seconds` pass, or the caller cancels; returns the last look. */
export async function waitUpTo<T>(
  seconds: number,
  context: Pick<ToolContext, 'progress' | 'signal'>,
  look: () => Promise<WaitStep<T>>,
): Promise<WaitStep<T>> {
  const deadline = Date.now() + seconds * 1_000;
  let step = await look();
  let lastMessage = '';
  // MCP progress must grow with each notification: a flow's own count when it has one, else a beat.
  let lastProgress = -1;
  let beat = 0;
  for (;;) {
    if (step.message !== lastMessage) {
      lastMessage = step.message;
      beat += 1;
      const value = step.progress ? step.progress.done : beat;
      if (value > lastProgress) {
        lastProgress = value;
        await context.progress(value, step.progress?.total, step.message);
      }
    }
    if (step.settled || Date.now() >= deadline || context.signal.aborted) return step;
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(WAIT_POLL_MS, Math.max(0, deadline - Date.now()))),
    );
    step = await look();
  }
}
