/**
 * `ringflow campaign watch <id>`: polls the campaign's status query about once a second (a query is
 * cheap, and this is a display, not workflow logic) and shows it as a live progress bar on a terminal,
 * or as quiet lines (one per change, at most every few seconds) when stdout is a file or a pipe, or
 * (`--json`) as one JSON object per line: `{"type":"progress","status":…}` per change, then
 * `{"type":"final","exitCode":…,"status":…}`.
 * Ends with the final counts line: exit 0 when the campaign completed, 3 when it was cancelled, 1 when
 * its status cannot be read. Ctrl-C stops the watcher only; the campaign runs on.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import type { CampaignStatus } from '../../workflows/campaign/types';
import {
  StatusLines,
  progressText,
  WATCH_BAR_FORMAT,
  WatchExit,
  barPayload,
  statusLine,
  watchExitCode,
} from './watch-view';

/** What the watch loop needs; the command wires the Temporal query, tests a scripted sequence. */
export interface WatchOptions {
  readStatus: () => Promise<CampaignStatus>;
  /** Where the bar or the lines go (stdout). */
  out: Writable & { isTTY?: boolean };
  /** One JSON line per change and a final one, whatever `out` is (`--json`). */
  json?: boolean;
  /** Where "cannot read" goes (stderr). */
  err: Writable;
  /** Between two polls; default 1 s. */
  pollMs?: number;
  /** At most one line per this many ms when `out` is not a terminal; default 5 s. */
  lineIntervalMs?: number;
  /** Polls in a row that may fail (a Temporal blip) before the watch gives up; default 10. */
  maxFailedPolls?: number;
  /** Aborted by Ctrl-C: the watch stops without touching the campaign. */
  signal?: AbortSignal;
  now?: () => number;
}

/** Watches until the campaign completes or is cancelled; resolves with the exit code. */
export async function watchCampaign(options: WatchOptions): Promise<WatchExit> {
  const { readStatus, out, err, signal } = options;
  const pollMs = options.pollMs ?? 1_000;
  const maxFailed = options.maxFailedPolls ?? 10;
  const now = options.now ?? Date.now;
  const view = options.json
    ? jsonView(out)
    : out.isTTY
      ? barView(out)
      : lineView(out, options.lineIntervalMs ?? 5_000, now);
  let failed = 0;
  let last: CampaignStatus | undefined;
  try {
    for (;;) {
      if (signal?.aborted) return interrupted(view, err, last);
      let status: CampaignStatus;
      try {
        status = await readStatus();
        failed = 0;
      } catch (error) {
        failed += 1;
        // The first read decides whether there is anything to watch; later ones may blip.
        if (!last || failed >= maxFailed) {
          view.stop(last, WatchExit.unreadable);
          err.write(`Cannot read the campaign's status: ${(error as Error).message}\n`);
          return WatchExit.unreadable;
        }
        status = last;
      }
      last = status;
      view.show(status);
      const code = watchExitCode(status.state);
      if (code !== null) {
        view.stop(status, code);
        return code;
      }
      try {
        await sleep(pollMs, undefined, signal ? { signal } : {});
      } catch {
        return interrupted(view, err, last);
      }
    }
  } finally {
    view.stop(last);
  }
}

function interrupted(view: View, err: Writable, last: CampaignStatus | undefined): WatchExit {
  view.stop(last, WatchExit.interrupted);
  const which = last ? `campaign ${last.campaignId}` : 'the campaign';
  err.write(`Stopped watching; ${which} keeps running (\`campaign status\` shows it).\n`);
  return WatchExit.interrupted;
}

interface View {
  show(s: CampaignStatus): void;
  /** Ends the display, leaving the last status as one final line; safe to call more than once. */
  stop(last: CampaignStatus | undefined, exitCode?: WatchExit): void;
}

function barView(out: Writable): View {
  const bar = new cliProgress.SingleBar(
    { format: WATCH_BAR_FORMAT, stream: out, hideCursor: true, barsize: 24, fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let stopped = false;
  return {
    show(s) {
      if (!started) bar.start(s.total, s.done, barPayload(s));
      else {
        bar.setTotal(s.total);
        bar.update(s.done, barPayload(s));
      }
      started = true;
    },
    stop(last) {
      if (stopped) return;
      stopped = true;
      if (started) bar.stop();
      if (last) out.write(`${statusLine(last)}\n`);
    },
  };
}

function lineView(out: Writable, minIntervalMs: number, now: () => number): View {
  const lines = new StatusLines(minIntervalMs);
  let stopped = false;
  return {
    show(s) {
      const line = lines.next(s, now());
      if (line !== null) out.write(`${line}\n`);
    },
    stop(last) {
      if (stopped) return;
      stopped = true;
      // The final state always gets its line (next() returns null only when it was just written).
      if (last && watchExitCode(last.state) !== null) {
        const line = lines.next(last, now());
        if (line !== null) out.write(`${line}\n`);
      }
    },
  };
}

/**
 * `--json`: every change of progress (the ETA alone is no change) as a line, and the last status as a
 * final line with the exit code — written when the watch ends, however it ends.
 */
function jsonView(out: Writable): View {
  let lastKey: string | undefined;
  let stopped = false;
  return {
    show(s) {
      const key = progressText(s);
      // The final state is written once, by stop().
      if (key === lastKey || watchExitCode(s.state) !== null) return;
      lastKey = key;
      out.write(`${JSON.stringify({ type: 'progress', status: s })}\n`);
    },
    stop(last, exitCode) {
      if (stopped) return;
      stopped = true;
      if (!last) return;
      const code = exitCode ?? watchExitCode(last.state);
      out.write(`${JSON.stringify({ type: 'final', exitCode: code, status: last })}\n`);
    },
  };
}
