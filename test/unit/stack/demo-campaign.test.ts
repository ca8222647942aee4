import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoCampaignZone, writeDemoCampaignFiles } from '../../../stack/demo-campaign';

const localHour = (zone: string, at: Date) =>
  Number(new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' }).format(at));

test('the demo campaign finds a zone where it is mid-day at every hour of a winter and a summer day', () => {
  for (const day of ['2026-01-15', '2026-07-15'])
    for (let hour = 0; hour < 24; hour += 1) {
      const at = new Date(`${day}T${String(hour).padStart(2, '0')}:30:00Z`);
      const zone = demoCampaignZone(at);
      const local = localHour(zone, at);
      assert.ok(local >= 10 && local < 18, `${at.toISOString()}: ${zone} is at ${local}:30`);
    }
});

test('the demo campaign files hold six contacts in that zone and the command names them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ringflow-demo-campaign-'));
  const at = new Date('2026-12-01T03:00:00Z');
  const demo = writeDemoCampaignFiles(dir, at);
  const lines = readFileSync(demo.contactsFile, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'name,phone,timezone');
  assert.equal(lines.length, 7);
  for (const line of lines.slice(1)) assert.ok(line.endsWith(`,${demoCampaignZone(at)}`), line);
  assert.match(readFileSync(demo.promptFile, 'utf8'), /\{\{name\}\}/);
  assert.ok(demo.command.includes(`--file ${demo.contactsFile} --prompt-file ${demo.promptFile}`));
});
