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
      const text = readFileSync(join(HISTORIES_DIR, file), 'utf8');
      return {
        name: file,
        workflowId: file.replace(/\.json$/, ''),
        history: historyFromJSON(JSON.parse(text)),
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
  writeFileSync(path, JSON.stringify(JSON.parse(historyToJSON(history)), null, 1) + '\n');
  return path;
}
