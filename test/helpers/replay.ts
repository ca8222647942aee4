/**
 * Replay testing: recorded workflow histories live in test/replay/histories/<name>.json and must
 * replay without a determinism error against the current workflow code.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { PROJECT_ROOT } from '../../stack/temporal-server';
import { workflowBundle } from './temporal';

export const HISTORIES_DIR = join(PROJECT_ROOT, 'test', 'replay', 'histories');

export interface RecordedHistory {
  name: string;
  workflowId: string;
  history: temporal.api.history.v1.IHistory;
}

/** Loads every recorded history, or those whose file name passes `filter`. */
export function loadHistories(filter: (name: string) => boolean = () => true): RecordedHistory[] {
  return readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.json') && filter(f))
    .sort()
    .map((file) => {
      // The recorded workflow id travels beside the events: code that keys on its own id (the
      // limiter's request ids) must replay under the id it ran with.
      const { workflowId, ...history } = JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')) as {
        workflowId?: string;
      };
      return {
        name: file,
        workflowId: workflowId ?? file.replace(/\.json$/, ''),
        history: historyFromJSON(history),
      };
    });
}

/** Replays one history against the current bundle; throws DeterminismViolationError on a mismatch. */
export async function replay(recorded: RecordedHistory): Promise<void> {
  await Worker.runReplayHistory(
    { workflowBundle: await workflowBundle() },
    recorded.history,
    recorded.workflowId,
  );
}

/** Fetches a finished workflow's history from the server and saves it for replay tests. */
export async function saveHistory(client: Client, workflowId: string, name: string): Promise<string> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const path = join(HISTORIES_DIR, `${name}.json`);
  const events = JSON.parse(historyToJSON(history)) as Record<string, unknown>;
  writeFileSync(path, JSON.stringify({ workflowId, ...events }, null, 1) + '\n');
  return path;
}

/** The parts of a history event in its JSON form that an altered copy changes. */
export interface HistoryEventJson {
  activityTaskScheduledEventAttributes?: { activityType: { name: string } };
  startChildWorkflowExecutionInitiatedEventAttributes?: { workflowType: { name: string } };
}

/**
 * Writes `altered-<name>.json`: a copy of a recorded history in which the first event that `alter`
 * changes now says something the code would never do (a different activity or child workflow type),
 * so replaying it must fail with a determinism error — proof that the replay check can fail.
 */
export function saveAlteredCopy(name: string, alter: (event: HistoryEventJson) => boolean): string {
  const path = join(HISTORIES_DIR, `${name}.json`);
  const history = JSON.parse(readFileSync(path, 'utf8')) as { events: HistoryEventJson[] };
  if (!history.events.some((event) => alter(event))) throw new Error(`nothing to alter in ${name}`);
  const altered = join(HISTORIES_DIR, `altered-${name}.json`);
  writeFileSync(altered, JSON.stringify(history, null, 1) + '\n');
  return altered;
}
