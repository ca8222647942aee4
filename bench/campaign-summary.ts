/**
 * The campaign-throughput row of `npm run bench`: bench/campaign-scale.ts writes its own detailed
 * JSON (`bench/results/campaign-scale-<n>.json`); this turns the figures the issue asks for (contacts/s
 * against the bare script, worker peak RSS, CPU per contact, the largest campaign run) into the shared
 * summary shape. Pure: the runner reads and writes the files.
 */
import { z } from 'zod';
import { benchRatio, type BenchFigure, type BenchSummary } from './result-file';

/** The fields of campaign-scale-<n>.json this summary reads (the file holds many more). */
export const CampaignScaleResultSchema = z.object({
  contacts: z.number().int(),
  concurrency: z.number().int(),
  exact: z.boolean(),
  wallSeconds: z.number(),
  contactsPerSecond: z.number(),
  bareScript: z
    .object({ contactsPerSecond: z.number(), cpuSeconds: z.number(), calls: z.number().int() })
    .nullish(),
  peakRssMiB: z.object({ workerAndIngress: z.number() }).passthrough(),
  cpuMsPerContact: z.record(z.string(), z.number()),
  largestCampaignRun: z.object({ events: z.number(), bytes: z.number() }).nullish(),
  temporalFloor: z.object({ workflowsPerSecond: z.number(), workflows: z.number().int() }).nullish(),
});

const RSS_GOAL_MIB = 1024;
const EVENTS_GOAL = 10_000;
const BYTES_GOAL = 5 * 1024 * 1024;

/**
 * The summary of one campaign-scale result; throws naming the first missing or mistyped field (a
 * result written by another version of the benchmark).
 */
export function campaignThroughputSummary(
  result: unknown,
  quick: boolean,
): Omit<BenchSummary, 'at' | 'machine'> {
  const parsed = CampaignScaleResultSchema.safeParse(result);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`campaign-scale result: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
  }
  const r = parsed.data;
  const bare = r.bareScript ?? undefined;
  const ratio = benchRatio(r.contactsPerSecond, bare?.contactsPerSecond);
  // Rounded as shown, and the ratio of the figures shown.
  const totalCpu = Math.round(Object.values(r.cpuMsPerContact).reduce((a, b) => a + b, 0) * 10) / 10;
  const bareCpu = bare ? Math.round(((bare.cpuSeconds * 1000) / bare.calls) * 100) / 100 : undefined;
  const cpuRatio = benchRatio(totalCpu, bareCpu);
  const figures: BenchFigure[] = [
    {
      metric: 'contacts per second',
      unit: 'contacts/s',
      ringflow: r.contactsPerSecond,
      ...(bare
        ? { baseline: bare.contactsPerSecond, baselineName: 'bare script (same HTTP work, no Temporal)' }
        : {}),
      ...(ratio !== undefined ? { ratio, goal: 'ratio ≥ 0.5', goalMet: ratio >= 0.5 } : {}),
    },
    {
      metric: 'CPU per contact, all processes',
      unit: 'ms',
      ringflow: totalCpu,
      ...(bareCpu !== undefined ? { baseline: bareCpu, baselineName: 'bare script' } : {}),
      ...(cpuRatio !== undefined ? { ratio: cpuRatio } : {}),
    },
    {
      metric: 'worker peak RSS',
      unit: 'MiB',
      ringflow: r.peakRssMiB.workerAndIngress,
      goal: `< ${RSS_GOAL_MIB} MiB`,
      goalMet: r.peakRssMiB.workerAndIngress < RSS_GOAL_MIB,
    },
  ];
  if (r.temporalFloor && bare) {
    const floorRatio = benchRatio(r.temporalFloor.workflowsPerSecond, bare.contactsPerSecond);
    figures.push({
      metric: 'floor: one bare workflow per contact',
      unit: 'workflows/s',
      ringflow: r.temporalFloor.workflowsPerSecond,
      baseline: bare.contactsPerSecond,
      baselineName: 'bare script (same HTTP work, no Temporal)',
      ...(floorRatio !== undefined ? { ratio: floorRatio } : {}),
    });
  }
  if (r.largestCampaignRun) {
    figures.push(
      {
        metric: 'largest campaign run, events',
        unit: 'events',
        ringflow: r.largestCampaignRun.events,
        goal: `< ${EVENTS_GOAL.toLocaleString('en-US')}`,
        goalMet: r.largestCampaignRun.events < EVENTS_GOAL,
      },
      {
        metric: 'largest campaign run, size',
        unit: 'MB',
        ringflow: Math.round((r.largestCampaignRun.bytes / 1024 / 1024) * 100) / 100,
        goal: '< 5 MB',
        goalMet: r.largestCampaignRun.bytes < BYTES_GOAL,
      },
    );
  }
  const cpuParts = Object.entries(r.cpuMsPerContact)
    .map(([process, ms]) => `${process} ${ms} ms`)
    .join(', ');
  return {
    benchmark: 'campaign-throughput',
    title: 'Campaign throughput',
    quick,
    figures,
    notes: [
      `${r.contacts.toLocaleString('en-US')} contacts, concurrency ${r.concurrency}, ${r.wallSeconds} s; ` +
        (r.exact ? 'exact counts' : 'COUNTS NOT EXACT'),
      `CPU per contact: ${cpuParts}`,
    ],
  };
}
