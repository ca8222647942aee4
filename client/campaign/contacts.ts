/**
 * Reads a campaign's contact file one row at a time: CSV (RFC 4180 through csv-parse — quoted fields,
 * embedded commas and newlines, a BOM, CRLF), JSON lines, or a JSON array. CSV and JSON lines are
 * streamed, so a file of any size is read in constant memory; a JSON array is parsed whole (keep it
 * under {@link MAX_JSON_ARRAY_BYTES}, or use JSON lines).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';

export type ContactFileFormat = 'csv' | 'jsonl' | 'json';

/** One data row: its 1-based number (header not counted), the line it starts on, and its fields. */
export interface ContactFileRow {
  row: number;
  line: number;
  fields: Record<string, string>;
}

/** A row that could not even be read (a broken quote, a line that is not a JSON object). */
export class ContactFileError extends Error {
  override readonly name = 'ContactFileError';
}

export const MAX_JSON_ARRAY_BYTES = 50 * 1024 * 1024;

/** The format a file's name says (`.csv`, `.jsonl`/`.ndjson`, `.json`). */
export function formatOfPath(path: string): ContactFileFormat {
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(path)) return 'jsonl';
  if (/\.json$/i.test(path)) return 'json';
  throw new ContactFileError(`${path}: name the file .csv, .jsonl or .json so its format is known`);
}

/** Every row of the file at `path`, streamed. */
export async function* readContactFile(
  path: string,
  format = formatOfPath(path),
): AsyncGenerator<ContactFileRow> {
  if (format === 'json') {
    const { size } = await stat(path);
    if (size > MAX_JSON_ARRAY_BYTES)
      throw new ContactFileError(
        `${path}: a JSON array over 50 MB is not read whole; use JSON lines (.jsonl)`,
      );
  }
  yield* readContacts(createReadStream(path), format);
}

/** Every row of `input` in `format`. */
export async function* readContacts(
  input: Readable,
  format: ContactFileFormat,
): AsyncGenerator<ContactFileRow> {
  if (format === 'csv') yield* readCsv(input);
  else if (format === 'jsonl') yield* readJsonLines(input);
  else yield* readJsonArray(input);
}

async function* readCsv(input: Readable): AsyncGenerator<ContactFileRow> {
  const parser = input.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim()),
      skip_empty_lines: true,
      trim: true,
      info: true,
    }),
  );
  let row = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number; raw?: string };
    }>) {
      row += 1;
      yield { row, line: info.lines, fields: record };
    }
  } catch (err) {
    throw new ContactFileError(`CSV after data row ${row}: ${(err as Error).message}`);
  }
}

async function* readJsonLines(input: Readable): AsyncGenerator<ContactFileRow> {
  let line = 0;
  let row = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line += 1;
    const trimmed = line === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim();
    if (!trimmed) continue;
    row += 1;
    yield { row, line, fields: fieldsOf(parseJson(trimmed, line), line) };
  }
}

async function* readJsonArray(input: Readable): AsyncGenerator<ContactFileRow> {
  let text = '';
  for await (const chunk of input) text += String(chunk);
  const value = parseJson(text.replace(/^\uFEFF/, ''), 1);
  if (!Array.isArray(value)) throw new ContactFileError('a .json contact file is an array of objects');
  for (const [i, item] of value.entries()) yield { row: i + 1, line: 0, fields: fieldsOf(item, i + 1) };
}

function parseJson(text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ContactFileError(`line ${line}: not JSON (${(err as Error).message})`);
  }
}

/** A JSON object's fields as strings (numbers and booleans as written; nested values refused). */
function fieldsOf(value: unknown, where: number): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ContactFileError(`row ${where}: each contact is a JSON object, e.g. {"phone": "+1…"}`);
  const fields: Record<string, string> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === null || field === undefined) continue;
    if (typeof field === 'object')
      throw new ContactFileError(`row ${where}: "${key}" is not a string or number`);
    fields[key] = String(field).trim();
  }
  return fields;
}
