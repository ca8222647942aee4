/**
 * README.md's metrics table is the operator's reference for dashboards and alerts: it must list exactly
 * the metrics ringflow registers, with their types and labels, each following Prometheus's naming rules.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { createActivityMetrics } from '../../../activities/metrics';
import { createIngressMetrics } from '../../../client/ingress-metrics';
import { PROJECT_ROOT } from '../../../stack/temporal-server';

interface MetricRow {
  name: string;
  type: string;
  labels: string[];
}

/** The rows of the table under "## Metrics and health". */
function documentedMetrics(): MetricRow[] {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## Metrics and health$/m)[1]?.split(/^## /m)[0];
  assert.ok(section, 'README.md has a "## Metrics and health" section');
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [name = '', type = '', labels = ''] = line
        .split('|')
        .slice(1)
        .map((c) => c.trim());
      return {
        name: name.replace(/`/g, ''),
        type,
        labels: [...labels.matchAll(/`(\w+)`/g)].map((m) => m[1]!).sort(),
      };
    });
}

/** What the code registers, read back from prom-client. */
function registeredMetrics(): MetricRow[] {
  const registry = new Registry();
  createActivityMetrics(registry);
  createIngressMetrics(registry);
  // prom-client's metric objects carry their name, type and label names; its public types omit the last two.
  const metrics = registry.getMetricsAsArray() as unknown as {
    name: string;
    type: string;
    labelNames: string[];
  }[];
  return metrics.map((m) => ({ name: m.name, type: String(m.type), labels: [...m.labelNames].sort() }));
}

const byName = (a: MetricRow, b: MetricRow) => a.name.localeCompare(b.name);

describe("README's metrics table", () => {
  test('lists exactly the registered metrics, with their types and labels', async () => {
    assert.deepEqual(documentedMetrics().sort(byName), registeredMetrics().sort(byName));
  });

  test('names follow Prometheus conventions: ringflow_ prefix, counters end in _total, units in names', async () => {
    for (const { name, type } of registeredMetrics()) {
      assert.match(name, /^ringflow_[a-z][a-z0-9_]*$/, name);
      if (type === 'counter') assert.match(name, /_total$/, name);
      if (type === 'histogram') assert.match(name, /_(seconds|bytes)$/, name);
    }
  });
});
