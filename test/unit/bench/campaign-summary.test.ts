/** The campaign-throughput summary made from bench/campaign-scale.ts's own result file. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { campaignThroughputSummary } from '../../../bench/campaign-summary';

/** The fields of a real 1,000-contact result (bench/results/campaign-scale-1000.json), and some it ignores. */
const result = () => ({
  bench: 'campaign-scale',
  at: '2026-11-30T10:00:00.000Z',
  contacts: 1000,
  concurrency: 20,
  exact: true,
  wallSeconds: 262.5,
  contactsPerSecond: 3.81,
  bareScript: { wallSeconds: 3.7, contactsPerSecond: 266.67, calls: 1000, cpuSeconds: 0.9 },
  ratioToBareScript: 0.0143,
  peakRssMiB: { workerAndIngress: 822, simulator: 151 },
  cpuMsPerContact: { workerAndIngress: 124.45, temporalServer: 226.72, simulator: 3.8 },
  largestCampaignRun: { runId: 'r', events: 4109, bytes: 1281093, workflowTasks: 727 },
  goals: { ratioAtLeastHalf: false },
});

describe('campaignThroughputSummary', () => {
  test('contacts/s against the bare script, CPU per contact, peak RSS and the largest run, with goals', () => {
    const summary = campaignThroughputSummary(result(), false);
    assert.equal(summary.benchmark, 'campaign-throughput');
    assert.equal(summary.quick, false);
    assert.deepEqual(summary.figures, [
      {
        metric: 'contacts per second',
        unit: 'contacts/s',
        ringflow: 3.81,
        baseline: 266.67,
        baselineName: 'bare script (same HTTP work, no Temporal)',
        ratio: 0.01,
        goal: 'ratio ≥ 0.5',
        goalMet: false,
      },
      {
        metric: 'CPU per contact, all processes',
        unit: 'ms',
        ringflow: 355,
        baseline: 0.9,
        baselineName: 'bare script',
        ratio: 394.44,
      },
      { metric: 'worker peak RSS', unit: 'MiB', ringflow: 822, goal: '< 1024 MiB', goalMet: true },
      {
        metric: 'largest campaign run, events',
        unit: 'events',
        ringflow: 4109,
        goal: '< 10,000',
        goalMet: true,
      },
      { metric: 'largest campaign run, size', unit: 'MB', ringflow: 1.22, goal: '< 5 MB', goalMet: true },
    ]);
    assert.deepEqual(summary.notes, [
      '1,000 contacts, concurrency 20, 262.5 s; exact counts',
      'CPU per contact: workerAndIngress 124.45 ms, temporalServer 226.72 ms, simulator 3.8 ms',
    ]);
  });

  test('goals missed read as missed, and a run that was not exact says so', () => {
    const r = { ...result(), exact: false, peakRssMiB: { workerAndIngress: 1500 } };
    r.bareScript.contactsPerSecond = 6;
    r.largestCampaignRun.events = 12_000;
    const summary = campaignThroughputSummary(r, true);
    assert.deepEqual(
      summary.figures.map((f) => [f.metric, f.goalMet]),
      [
        ['contacts per second', true],
        ['CPU per contact, all processes', undefined],
        ['worker peak RSS', false],
        ['largest campaign run, events', false],
        ['largest campaign run, size', true],
      ],
    );
    assert.match(summary.notes![0]!, /COUNTS NOT EXACT/);
  });

  test('a run without the bare script (--no-baseline) has no baseline and no ratio', () => {
    const { bareScript: _, ...noBaseline } = result();
    const [throughput, cpu] = campaignThroughputSummary(noBaseline, true).figures;
    assert.deepEqual(throughput, { metric: 'contacts per second', unit: 'contacts/s', ringflow: 3.81 });
    assert.deepEqual(cpu, { metric: 'CPU per contact, all processes', unit: 'ms', ringflow: 355 });
  });

  test('the floor (one bare workflow per contact) is shown against the bare script', () => {
    const r = { ...result(), temporalFloor: { workflows: 1000, workflowsPerSecond: 40 } };
    const floor = campaignThroughputSummary(r, false).figures.find((f) => f.metric.startsWith('floor'));
    assert.deepEqual(floor, {
      metric: 'floor: one bare workflow per contact',
      unit: 'workflows/s',
      ringflow: 40,
      baseline: 266.67,
      baselineName: 'bare script (same HTTP work, no Temporal)',
      ratio: 0.15,
    });
    // No bare script, nothing to compare the floor with: not shown.
    const { bareScript: _, ...noBaseline } = r;
    const metrics = campaignThroughputSummary(noBaseline, false).figures.map((f) => f.metric);
    assert.ok(!metrics.some((m) => m.startsWith('floor')));
  });

  test('a result missing a field it needs is an error naming that field', () => {
    const { contactsPerSecond: _, ...broken } = result();
    assert.throws(
      () => campaignThroughputSummary(broken, true),
      /campaign-scale result: contactsPerSecond: /,
    );
    assert.throws(
      () => campaignThroughputSummary({ ...result(), peakRssMiB: { workerAndIngress: 'lots' } }, true),
      /peakRssMiB\.workerAndIngress/,
    );
  });
});
