/**
 * The simulated clock. Simulated time starts at wall-clock time and only ever moves forward: it runs
 * with the wall clock, and jumps ahead when a timer is fired early (speed factor or `instant`) or when
 * the control API advances it. Everything that models the phone network (call durations, OTP expiry,
 * webhook retry delays) is scheduled here; transport details (HTTP latency, socket timeouts, the
 * `X-Webhook-Timestamp` header) use real time.
 */

/** `realtime` = 1×, a number = that many times faster, `instant` = every timer fires on the next tick. */
export type Speed = 'realtime' | 'instant' | number;

export interface TimerHandle {
  cancel(): void;
}

interface Timer {
  seq: number;
  dueMs: number;
  run: () => void;
  cancelled: boolean;
}

/** Parses `realtime`, `instant` or a positive factor such as `60`. */
export function parseSpeed(text: string): Speed {
  if (text === 'realtime' || text === 'instant') return text;
  const factor = Number(text);
  if (!Number.isFinite(factor) || factor <= 0) {
    throw new Error(`speed must be "realtime", "instant" or a positive number, not "${text}"`);
  }
  return factor === 1 ? 'realtime' : factor;
}

export class SimClock {
  readonly speed: Speed;
  private offsetMs: number;
  private readonly timers: Timer[] = [];
  private seq = 0;
  private armed: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private stopped = false;

  /**
   * @param offsetMs how far simulated time is ahead of the wall clock (restored after a restart)
   * @param onError told about a timer callback that threw; the clock carries on with the next one
   */
  constructor(
    speed: Speed = 'realtime',
    offsetMs = 0,
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    this.speed = speed;
    this.offsetMs = offsetMs;
  }

  /** Cancels every pending timer and keeps running (a reset). */
  clearTimers(): void {
    this.timers.length = 0;
    this.arm();
  }

  /** Simulated now, epoch milliseconds. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Simulated now as the API writes timestamps: ISO 8601, whole seconds, `Z`. */
  isoNow(): string {
    return toIsoSeconds(this.now());
  }

  /** How far simulated time is ahead of the wall clock; persisted so time never runs backwards. */
  offset(): number {
    return this.offsetMs;
  }

  /** Runs `run` once simulated time reaches `dueMs`. */
  at(dueMs: number, run: () => void): TimerHandle {
    const timer: Timer = { seq: this.seq++, dueMs, run, cancelled: false };
    this.timers.push(timer);
    this.timers.sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq);
    this.arm();
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Runs `run` after `delayMs` of simulated time. */
  after(delayMs: number, run: () => void): TimerHandle {
    return this.at(this.now() + Math.max(0, delayMs), run);
  }

  /** Moves simulated time forward and fires every timer that is now due, in order. */
  advance(ms: number): void {
    if (ms < 0) throw new Error('the clock only moves forward');
    this.offsetMs += ms;
    this.fireDue();
    this.arm();
  }

  /** Cancels every pending timer; the clock keeps telling time. */
  stop(): void {
    this.stopped = true;
    this.disarm();
    this.armed = undefined;
    this.timers.length = 0;
  }

  /** Number of timers still waiting (tests and the state snapshot show it). */
  pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  private realDelayFor(dueMs: number): number {
    if (this.speed === 'instant') return 0;
    const simDelay = Math.max(0, dueMs - this.now());
    const factor = this.speed === 'realtime' ? 1 : this.speed;
    // setTimeout caps at 2^31-1 ms; a longer wait simply re-arms when it wakes.
    return Math.min(simDelay / factor, 2_147_483_647);
  }

  private arm(): void {
    if (this.stopped) return;
    this.disarm();
    const next = this.timers.find((t) => !t.cancelled);
    if (!next) return;
    // `instant` wakes on the next turn of the event loop: setTimeout(0) would wait at least 1 ms per
    // timer, which capped a 100k-call run at a few hundred calls a second.
    this.armed =
      this.speed === 'instant'
        ? setImmediate(() => this.wake())
        : setTimeout(() => this.wake(), this.realDelayFor(next.dueMs));
    // The simulator must never keep a finished test process alive on its own.
    this.armed.unref();
  }

  private disarm(): void {
    const armed = this.armed;
    this.armed = undefined;
    if (armed === undefined) return;
    if (this.speed === 'instant') clearImmediate(armed as NodeJS.Immediate);
    else clearTimeout(armed as NodeJS.Timeout);
  }

  /** The real timer went off: fire the earliest timer, jumping simulated time to it if it is early. */
  private wake(): void {
    this.armed = undefined;
    const next = this.timers.find((t) => !t.cancelled);
    if (next && next.dueMs > this.now()) this.offsetMs += next.dueMs - this.now();
    this.fireDue();
    this.arm();
  }

  private fireDue(): void {
    for (;;) {
      const index = this.timers.findIndex((t) => !t.cancelled);
      if (index < 0) {
        this.timers.length = 0;
        return;
      }
      this.timers.splice(0, index);
      const timer = this.timers[0];
      if (!timer || timer.dueMs > this.now()) return;
      this.timers.shift();
      try {
        timer.run();
      } catch (err) {
        this.onError(err);
      }
    }
  }
}

/** `2026-04-19T17:20:11Z` from epoch ms (spec §1.5: second precision with `Z`). */
export function toIsoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
