/**
 * The numbers of `ringflow campaign report`: totals by final state and by answer, calls by hour of the
 * recipient's own day, and contacts by number of calls — tallied one contact at a time so a
 * 100k-contact campaign is never held in memory (only the per-contact table of `--include-numbers`
 * grows with the list). Pure: the reader in `report-reader.ts` feeds it.
 */
import type { CampaignRunState } from '../../workflows/campaign/types';
import type { CampaignResultRow } from './result-rows';

/** One contact as the report sees it: its results row, its zone and when each of its calls started. */
export interface ReportContact {
  row: CampaignResultRow;
  /** The zone the contact's hours are read in: the first of its zones (the `timezone` column's, or its area code's). */
  zone: string;
  /** ISO instants at which its calls started, as AgentPhone recorded them (null: not recorded). */
  callStarts: (string | null)[];
}

/** A contact's line in the page's table (`--include-numbers` only). */
export interface ReportContactLine {
  row: number;
  phone: string;
  state: string;
  answer: string;
  attempts: number;
}

/** Everything the page shows, embedded in it as JSON. */
export interface CampaignReportData {
  campaignId: string;
  /** When the report was made (it may be made during the run). */
  generatedAt: string;
  /** The campaign's state at that moment. */
  state: CampaignRunState;
  contacts: number;
  /** Contacts with a final result. */
  done: number;
  /** Contacts by state: final states, and `pending` / `in_progress` during the run. */
  byState: Record<string, number>;
  /** Answered contacts by answer. */
  byAnswer: Record<string, number>;
  /** Calls that reached AgentPhone, all contacts together (the results' `attempts` summed). */
  calls: number;
  /** Calls by the hour (0–23) of the recipient's local day at which they started. */
  callsByLocalHour: number[];
  /** Calls whose start time was not recorded (not in {@link callsByLocalHour}). */
  callsWithoutTime: number;
  /** Contacts by how many calls they got: index n is the number of contacts called n times. */
  contactsByAttempts: number[];
  /** Per contact, phone included; only when the operator asked for numbers. */
  contactLines?: ReportContactLine[];
}

/** The hour (0–23) of `instant` on the clock of `zone`. */
export function localHour(instant: string, zone: string): number {
  const hour = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' })
    .formatToParts(new Date(instant))
    .find((p) => p.type === 'hour')?.value;
  return Number(hour) % 24;
}

/** Adds contacts one by one; `data()` gives the report. */
export class CampaignReportTally {
  private readonly byState: Record<string, number> = {};
  private readonly byAnswer: Record<string, number> = {};
  private readonly callsByLocalHour: number[] = Array.from({ length: 24 }, () => 0);
  private readonly contactsByAttempts: number[] = [];
  private readonly lines: ReportContactLine[] | undefined;
  private contacts = 0;
  private done = 0;
  private calls = 0;
  private callsWithoutTime = 0;

  constructor(options: { includeNumbers: boolean }) {
    this.lines = options.includeNumbers ? [] : undefined;
  }

  add({ row, zone, callStarts }: ReportContact): void {
    this.contacts += 1;
    this.byState[row.state] = (this.byState[row.state] ?? 0) + 1;
    if (row.state !== 'pending' && row.state !== 'in_progress') this.done += 1;
    if (row.answer) this.byAnswer[row.answer] = (this.byAnswer[row.answer] ?? 0) + 1;
    this.calls += row.attempts;
    while (this.contactsByAttempts.length <= row.attempts) this.contactsByAttempts.push(0);
    this.contactsByAttempts[row.attempts]! += 1;
    for (const start of callStarts) {
      if (start === null) this.callsWithoutTime += 1;
      else this.callsByLocalHour[localHour(start, zone)]! += 1;
    }
    this.lines?.push({
      row: row.row,
      phone: row.phone,
      state: row.state,
      answer: row.answer,
      attempts: row.attempts,
    });
  }

  data(campaignId: string, state: CampaignRunState, generatedAt: Date): CampaignReportData {
    return {
      campaignId,
      generatedAt: generatedAt.toISOString(),
      state,
      contacts: this.contacts,
      done: this.done,
      byState: { ...this.byState },
      byAnswer: { ...this.byAnswer },
      calls: this.calls,
      callsByLocalHour: [...this.callsByLocalHour],
      callsWithoutTime: this.callsWithoutTime,
      contactsByAttempts: [...this.contactsByAttempts],
      ...(this.lines ? { contactLines: [...this.lines] } : {}),
    };
  }
}
