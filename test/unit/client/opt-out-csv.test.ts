import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { readOptOutCsv, writeOptOutCsv } from '../../../client/opt-out-csv';
import type { ListedOptOut } from '../../../client/opt-out-list';

const DEFAULTS = { source: 'dnc.csv', at: '2026-12-01T09:00:00.000Z' };
const read = (text: string) => readOptOutCsv(Readable.from([text]), DEFAULTS);

describe('opt-out CSV', () => {
  test('rows are normalised to E.164, with defaults for what a DNC file leaves out', async () => {
    const { requests, problems } = await read(
      'number,reason,channel,source,at\n(415) 555-0123,,,,\n+1 415 555 0124,asked by phone,voice,call_9,2026-11-30T10:00:00Z\n',
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, [
      { number: '+14155550123', channel: 'import', reason: 'imported', source: 'dnc.csv', at: DEFAULTS.at },
      {
        number: '+14155550124',
        channel: 'voice',
        reason: 'asked by phone',
        source: 'call_9',
        at: '2026-11-30T10:00:00.000Z',
      },
    ]);
  });

  test('a file of numbers only is enough', async () => {
    const { requests, problems } = await read('number\n4155550123\n\n4155550125\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(
      requests.map((r) => r.number),
      ['+14155550123', '+14155550125'],
    );
  });

  test('bad rows are reported with their line and reason; good rows are kept apart', async () => {
    const { requests, problems } = await read(
      'number,channel,at\n+14155550123,sms,\n911,,\nnot a number,,\n+14155550126,fax,\n+14155550127,,yesterday\n',
    );
    assert.deepEqual(
      requests.map((r) => r.number),
      ['+14155550123'],
    );
    assert.deepEqual(
      problems.map((p) => p.line),
      [3, 4, 5, 6],
    );
    assert.match(problems[0]!.reason, /^number "911": /);
    assert.match(problems[1]!.reason, /^number "not a number": /);
    assert.match(problems[2]!.reason, /^channel "fax": use one of sms, voice, cli, import$/);
    assert.match(problems[3]!.reason, /^at "yesterday": not a time/);
  });

  test('a header without a number column, or with an unknown one, fails the whole file', async () => {
    await assert.rejects(read('phone,reason\n+14155550123,x\n'), /no "number" column/);
    await assert.rejects(read('number,color\n+14155550123,red\n'), /unknown column\(s\) color/);
  });

  test('export writes one row per number and channel, and reads back the same', async () => {
    const entries: ListedOptOut[] = [
      {
        numberKey: 'nabc',
        entry: {
          number: '+14155550123',
          marks: {
            sms: { reason: 'texted STOP', source: 'msg_1', at: '2026-12-01T09:00:00.000Z' },
            voice: {
              reason: 'said: "stop calling me, please"',
              source: 'call_1',
              at: '2026-12-01T10:00:00.000Z',
            },
          },
        },
      },
    ];
    let text = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        text += chunk.toString();
        done();
      },
    });
    async function* listed() {
      yield* entries;
    }
    assert.equal(await writeOptOutCsv(listed(), sink), 2);
    assert.equal(text.split('\n')[0], 'number,reason,channel,source,at');
    const back = await read(text);
    assert.deepEqual(back.problems, []);
    assert.deepEqual(
      back.requests.map((r) => [r.number, r.channel, r.reason, r.source, r.at]),
      [
        ['+14155550123', 'sms', 'texted STOP', 'msg_1', '2026-12-01T09:00:00.000Z'],
        ['+14155550123', 'voice', 'said: "stop calling me, please"', 'call_1', '2026-12-01T10:00:00.000Z'],
      ],
    );
  });
});
