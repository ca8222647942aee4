import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import {
  campaignResultRow,
  EVIDENCE_SUMMARY_CHARS,
  writeCampaignResults,
  type CampaignResultRow,
} from '../../../client/campaign/result-rows';
import type { CampaignContact } from '../../../workflows/campaign/types';

const contact = (row: number): CampaignContact => ({
  row,
  phone: `+1415555${String(row).padStart(4, '0')}`,
  variables: { name: 'N' },
  timeZones: ['America/Los_Angeles'],
});

test('a final result becomes a row with its answer, attempts, last call id and evidence', () => {
  const row = campaignResultRow(contact(7), {
    kind: 'final',
    result: {
      row: 7,
      state: 'answered',
      answer: 'confirmed',
      attempts: 2,
      evidence: ['user: yes,\n I will  be there', 'agent: thanks'],
      callIds: ['c1', 'c2'],
    },
  });
  assert.deepEqual(row, {
    row: 7,
    phone: '+14155550007',
    state: 'answered',
    answer: 'confirmed',
    attempts: 2,
    lastCallId: 'c2',
    evidence: 'user: yes, I will be there / agent: thanks',
  });
});

test('a contact not finished is pending or in_progress with empty fields; long evidence is cut', () => {
  assert.deepEqual(campaignResultRow(contact(3), { kind: 'in_progress' }), {
    row: 3,
    phone: '+14155550003',
    state: 'in_progress',
    answer: '',
    attempts: 0,
    lastCallId: '',
    evidence: '',
  });
  assert.equal(campaignResultRow(contact(4), { kind: 'pending' }).state, 'pending');
  const long = campaignResultRow(contact(5), {
    kind: 'final',
    result: {
      row: 5,
      state: 'no_answer',
      answer: null,
      attempts: 1,
      evidence: ['x'.repeat(1000)],
      callIds: [],
    },
  });
  assert.equal(long.evidence.length, EVIDENCE_SUMMARY_CHARS);
  assert.ok(long.evidence.endsWith('…'));
  assert.deepEqual([long.answer, long.lastCallId], ['', '']);
});

async function written(rows: CampaignResultRow[], format: 'csv' | 'json') {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  const count = await writeCampaignResults(
    (async function* () {
      yield* rows;
    })(),
    format,
    out,
  );
  return { count, text };
}

test('CSV (quoted where needed) and JSON carry the same rows; an empty list is a header / []', async () => {
  const rows = [
    campaignResultRow(contact(1), {
      kind: 'final',
      result: {
        row: 1,
        state: 'answered',
        answer: 'declined',
        attempts: 1,
        evidence: ['user: no, "sorry"'],
        callIds: ['c9'],
      },
    }),
    campaignResultRow(contact(2), { kind: 'pending' }),
  ];
  const csv = await written(rows, 'csv');
  const json = await written(rows, 'json');
  assert.equal(csv.count, 2);
  assert.equal(json.count, 2);
  assert.match(csv.text, /^row,phone,state,answer,attempts,lastCallId,evidence\n/);
  assert.match(csv.text, /"user: no, ""sorry"""/);
  const fromCsv = parse<Record<string, string>>(csv.text, { columns: true }).map((r) => ({
    ...r,
    row: Number(r.row),
    attempts: Number(r.attempts),
  }));
  assert.deepEqual(fromCsv, rows);
  assert.deepEqual(JSON.parse(json.text), rows);
  assert.deepEqual(JSON.parse((await written([], 'json')).text), []);
  assert.equal((await written([], 'csv')).text, 'row,phone,state,answer,attempts,lastCallId,evidence\n');
});
