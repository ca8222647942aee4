/**
 * The rows of `ringflow campaign results`: one per stored contact, written as CSV (csv-stringify) or
 * as a JSON array, streamed row by row so a 100k-contact campaign never sits in memory. The phone is
 * included: the operator supplied the list and owns it (the results go to them, never to logs).
 */
import type { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { CampaignContact, ContactResult } from '../../workflows/campaign/types';

/** A contact's state in the results: its final state, or where it is while the campaign runs. */
export type ContactResultState = ContactResult['state'] | 'pending' | 'in_progress';

/** One line of the results. */
export interface CampaignResultRow {
  row: number;
  phone: string;
  state: ContactResultState;
  /** The answer read from the call (`answered` only), else empty. */
  answer: string;
  attempts: number;
  lastCallId: string;
  /** The transcript lines the answer rests on, joined and cut to {@link EVIDENCE_SUMMARY_CHARS}. */
  evidence: string;
}

export const CAMPAIGN_RESULT_COLUMNS = [
  'row',
  'phone',
  'state',
  'answer',
  'attempts',
  'lastCallId',
  'evidence',
] as const satisfies readonly (keyof CampaignResultRow)[];

/** Enough for the sentence an answer rests on; the full transcript stays with the call. */
export const EVIDENCE_SUMMARY_CHARS = 300;

export type CampaignResultFormat = 'csv' | 'json';

/** What is known of one contact: its final result, or only that it is pending or in progress. */
export type ContactProgress =
  { kind: 'final'; result: ContactResult } | { kind: 'pending' } | { kind: 'in_progress' };

/** The results row of one stored contact. */
export function campaignResultRow(contact: CampaignContact, progress: ContactProgress): CampaignResultRow {
  if (progress.kind !== 'final')
    return {
      row: contact.row,
      phone: contact.phone,
      state: progress.kind,
      answer: '',
      attempts: 0,
      lastCallId: '',
      evidence: '',
    };
  const r = progress.result;
  return {
    row: contact.row,
    phone: contact.phone,
    state: r.state,
    answer: r.answer ?? '',
    attempts: r.attempts,
    lastCallId: r.callIds.at(-1) ?? '',
    evidence: summariseEvidence(r.evidence),
  };
}

function summariseEvidence(lines: string[]): string {
  const joined = lines.map((l) => l.replace(/\s+/g, ' ').trim()).join(' / ');
  return joined.length <= EVIDENCE_SUMMARY_CHARS ? joined : `${joined.slice(0, EVIDENCE_SUMMARY_CHARS - 1)}…`;
}

/** Writes the rows as they come; returns how many. `output` is not ended when it is stdout. */
export async function writeCampaignResults(
  rows: AsyncIterable<CampaignResultRow>,
  format: CampaignResultFormat,
  output: Writable,
): Promise<number> {
  let count = 0;
  const counted = async function* () {
    for await (const row of rows) {
      count += 1;
      yield row;
    }
  };
  const end = output !== process.stdout;
  if (format === 'csv')
    await pipeline(counted(), stringify({ header: true, columns: [...CAMPAIGN_RESULT_COLUMNS] }), output, {
      end,
    });
  else
    await pipeline(
      Readable.from(
        (async function* () {
          let first = true;
          yield '[';
          for await (const row of counted()) {
            yield `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
            first = false;
          }
          yield first ? ']\n' : '\n]\n';
        })(),
      ),
      output,
      { end },
    );
  return count;
}
