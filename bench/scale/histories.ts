/**
 * History figures for the scale benchmark: every run of one workflow id exported and measured (events,
 * encoded bytes), and the namespace's workflows by type from visibility (runs, events, the largest run),
 * with one sample history per type broken down by event type (workflow tasks, activities, signals).
 */
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

type Proto = typeof temporal;

export interface RunFigures {
  runId: string;
  events: number;
  bytes: number;
  workflowTasks: number;
}

/** Each run of `workflowId` (continue-as-new makes several), exported with fetchHistory and encoded. */
export async function historyFigures(
  client: Client,
  workflowId: string,
  proto: Proto,
): Promise<RunFigures[]> {
  const runs: RunFigures[] = [];
  for await (const info of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    const history = await client.workflow.getHandle(workflowId, info.runId).fetchHistory();
    const events = history.events ?? [];
    runs.push({
      runId: info.runId,
      events: events.length,
      bytes: proto.api.history.v1.History.encode(history).finish().length,
      workflowTasks: events.filter(
        (e) => e.eventType === proto.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      ).length,
    });
  }
  return runs;
}

export interface TypeFigures {
  type: string;
  runs: number;
  events: number;
  eventsPerContact: number;
  largestEvents: number;
  largestBytes: number;
  /** One run's events by type (its first listed run), e.g. workflow tasks and activities per run. */
  sample: Record<string, number>;
}

/** Every workflow in the namespace (the benchmark's own server) by type. */
export async function workflowFigures(
  client: Client,
  contacts: number,
  proto: Proto,
): Promise<{
  byType: TypeFigures[];
  largest: { type: string; workflowId: string; events: number; bytes: number };
}> {
  const byType = new Map<string, TypeFigures & { sampleOf?: { workflowId: string; runId: string } }>();
  let largest = { type: '', workflowId: '', events: 0, bytes: 0 };
  for await (const listed of client.workflow.list()) {
    // Visibility counts a running workflow's history only when it closes: ask the workflow itself.
    const info =
      listed.status.name === 'RUNNING'
        ? await client.workflow.getHandle(listed.workflowId, listed.runId).describe()
        : listed;
    const type = info.type;
    let figures = byType.get(type);
    if (!figures) {
      figures = {
        type,
        runs: 0,
        events: 0,
        eventsPerContact: 0,
        largestEvents: 0,
        largestBytes: 0,
        sample: {},
      };
      figures.sampleOf = { workflowId: info.workflowId, runId: info.runId };
      byType.set(type, figures);
    }
    figures.runs += 1;
    figures.events += info.historyLength;
    figures.largestEvents = Math.max(figures.largestEvents, info.historyLength);
    figures.largestBytes = Math.max(figures.largestBytes, info.historySize ?? 0);
    if (info.historyLength > largest.events)
      largest = {
        type,
        workflowId: info.workflowId,
        events: info.historyLength,
        bytes: info.historySize ?? 0,
      };
  }
  const EventType = proto.api.enums.v1.EventType;
  for (const figures of byType.values()) {
    figures.eventsPerContact = Number((figures.events / contacts).toFixed(2));
    const { workflowId, runId } = figures.sampleOf!;
    delete figures.sampleOf;
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    for (const e of history.events ?? []) {
      const name = (EventType[e.eventType ?? 0] ?? String(e.eventType))
        .replace('EVENT_TYPE_', '')
        .toLowerCase();
      figures.sample[name] = (figures.sample[name] ?? 0) + 1;
    }
  }
  return { byType: [...byType.values()].sort((a, b) => b.events - a.events), largest };
}
