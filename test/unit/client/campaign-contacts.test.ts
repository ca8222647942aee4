import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  ContactFileError,
  readContactFile,
  readContacts,
  type ContactFileFormat,
  type ContactFileRow,
} from '../../../client/campaign/contacts';
import { checkContacts, isTimeZone } from '../../../client/campaign/contact-check';

async function rowsOf(text: string, format: ContactFileFormat = 'csv'): Promise<ContactFileRow[]> {
  const rows: ContactFileRow[] = [];
  for await (const row of readContacts(Readable.from([Buffer.from(text)]), format)) rows.push(row);
  return rows;
}

describe('campaign contact files', () => {
  test('a CSV with a BOM, CRLF line ends, quoted commas and a quoted newline reads as its rows', async () => {
    const csv =
      '\uFEFFphone,name,note\r\n' +
      '+14155550101,"Doe, Jane","line one\r\nline two"\r\n' +
      '+14155550102,Bob,"say ""hi"""\r\n';
    const rows = await rowsOf(csv);
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0]!.fields, {
      phone: '+14155550101',
      name: 'Doe, Jane',
      note: 'line one\r\nline two',
    });
    assert.equal(rows[1]!.row, 2);
    assert.equal(rows[1]!.fields.note, 'say "hi"');
    assert.equal(Object.keys(rows[0]!.fields)[0], 'phone', 'the BOM is not part of the first header');
  });

  test('a broken quote is an error that says where', async () => {
    await assert.rejects(rowsOf('phone,name\n+14155550101,"open\n'), (err: Error) => {
      assert.ok(err instanceof ContactFileError);
      assert.match(err.message, /after data row 0/);
      return true;
    });
  });

  test('JSON lines and a JSON array give the same rows, numbers as strings', async () => {
    const jsonl = await rowsOf('{"phone":"+14155550101","n":3}\n\n{"phone":"+14155550102"}\n', 'jsonl');
    const array = await rowsOf('[{"phone":"+14155550101","n":3},{"phone":"+14155550102"}]', 'json');
    assert.deepEqual(
      jsonl.map((r) => r.fields),
      array.map((r) => r.fields),
    );
    assert.deepEqual(jsonl[0]!.fields, { phone: '+14155550101', n: '3' });
    assert.deepEqual(
      jsonl.map((r) => r.row),
      [1, 2],
    );
  });

  test('a 10k-row file is streamed from disk, in order, without loss', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'campaign-'));
    const path = join(dir, 'big.csv');
    const lines = ['phone,name'];
    for (let i = 0; i < 10_000; i += 1) lines.push(`+1415${String(2000000 + i)},"Person ${i}, Esq."`);
    await writeFile(path, lines.join('\r\n'));
    let count = 0;
    let last: ContactFileRow | undefined;
    for await (const row of readContactFile(path)) {
      count += 1;
      last = row;
    }
    assert.equal(count, 10_000);
    assert.equal(last?.row, 10_000);
    assert.equal(last?.fields.name, 'Person 9999, Esq.');
  });
});

describe('the campaign contact check', () => {
  const csv = [
    'phone,name,timezone',
    '(415) 555-0101,Ann,', // fine
    'not a number,Bob,', // unparseable
    '911,Cy,', // emergency
    '+19005550100,Dee,', // premium
    '+442071234567,Eve,', // non-NANP
    '415-555-0101,Ann again,', // duplicate of row 1
    '+12125550102,,', // no {{name}}
    '+12125550103,Fay,Mars/Olympus', // bad time zone
    '+12125550104,Gus,America/Denver', // fine, zone from the column
    '+12125550105,Hal,', // suppressed
  ].join('\n');

  test('a value with a control character or past its length is a bad row, named by column', async () => {
    const rows = [
      'phone,name',
      '+14155550101,A\u0000na',
      `+14155550102,${'n'.repeat(2_001)}`,
      '+14155550103,Bo',
    ];
    const report = await checkContacts(readContacts(Readable.from([rows.join('\n')]), 'csv'), {
      requiredVariables: ['name'],
    });
    assert.equal(report.callable, 1);
    assert.deepEqual(
      report.problems.map((p) => [p.row, p.reason, p.detail]),
      [
        [1, 'bad_value', 'column "name" holds a control character'],
        [2, 'bad_value', 'column "name" is 2001 characters long (at most 2000)'],
      ],
    );
  });

  test('every bad row is reported with its number and reason, and only callable rows are passed on', async () => {
    const stored: number[] = [];
    const report = await checkContacts(readContacts(Readable.from([csv]), 'csv'), {
      requiredVariables: ['name'],
      isSuppressed: (e164) => e164 === '+12125550105',
      onContact: (c) => {
        stored.push(c.row);
      },
    });
    assert.equal(report.rows, 10);
    assert.equal(report.callable, 2);
    assert.deepEqual(stored, [1, 9]);
    assert.deepEqual(
      report.problems.map((p) => [p.row, p.reason]),
      [
        [2, 'unparseable'],
        [3, 'not_dialable'],
        [4, 'not_dialable'],
        [5, 'not_dialable'],
        [6, 'duplicate'],
        [7, 'missing_variable'],
        [8, 'bad_timezone'],
        [10, 'suppressed'],
      ],
    );
    assert.match(report.problems.find((p) => p.row === 6)!.detail, /row 1/);
    assert.deepEqual(report.preview[0], {
      row: 1,
      phone: '+14155550101',
      variables: { name: 'Ann' },
      timeZones: ['America/Los_Angeles'],
    });
    assert.deepEqual(report.preview[1]!.timeZones, ['America/Denver']);
  });
});

test('a time zone is known once found good, and a bad one stays bad however often it is asked', () => {
  for (let i = 0; i < 3; i += 1) {
    assert.equal(isTimeZone('America/Chicago'), true);
    assert.equal(isTimeZone('Mars/Olympus_Mons'), false);
    assert.equal(isTimeZone(''), false);
  }
});
