/**
 * The state of one opt-out shard: a map from a number's keyed hash to its entry, and the rules of
 * writing it. Plain data, no Temporal calls: the shard workflow wires it to its update and query
 * handlers and carries `snapshot()` across continue-as-new.
 */
import {
  OPT_OUT_CHANNELS,
  OPT_OUT_REASON_MAX_CHARS,
  OPT_OUT_SOURCE_MAX_CHARS,
  optOutShardOf,
  type OptOutChannel,
  type OptOutEntry,
  type OptOutWrite,
} from '../../common/opt-out';

/** The most writes one update carries (an import sends a shard's rows in batches of this size). */
export const OPT_OUT_BATCH_MAX = 500;
/** The most entries one page of a shard holds. */
export const OPT_OUT_PAGE_MAX = 1000;

export interface OptOutAddResult {
  /** Numbers that were not on the list for that channel before. */
  added: number;
  /** Numbers already on it for that channel: their first mark is kept (it is when consent ended). */
  alreadyListed: number;
}

export interface OptOutRemoval {
  numberKey: string;
  /** The channels to lift; `all` lifts the whole entry (an operator's `suppress remove`). */
  channels: OptOutChannel[] | 'all';
}

export interface OptOutPageRequest {
  /** The last number key of the previous page; the first page without it. */
  after?: string | undefined;
  limit: number;
}

export interface OptOutPage {
  entries: { numberKey: string; entry: OptOutEntry }[];
  /** Pass as `after` for the next page; null on the last one. */
  next: string | null;
}

export class OptOutShard {
  private readonly entries: Map<string, OptOutEntry>;

  constructor(
    readonly shard: number,
    carried: Record<string, OptOutEntry> = {},
  ) {
    this.entries = new Map(Object.entries(carried));
  }

  get size(): number {
    return this.entries.size;
  }

  /** The add update's validator: refuses, before history, a batch this shard must not take. */
  checkWrites(writes: readonly OptOutWrite[]): void {
    if (!Array.isArray(writes) || writes.length === 0) throw new Error('writes: give at least one entry.');
    if (writes.length > OPT_OUT_BATCH_MAX)
      throw new Error(`writes: at most ${OPT_OUT_BATCH_MAX} per update (got ${writes.length}).`);
    writes.forEach((w, i) => {
      const where = `writes[${i}]`;
      if (typeof w.numberKey !== 'string' || optOutShardOf(w.numberKey) !== this.shard)
        throw new Error(`${where}.numberKey: belongs to another shard than ${this.shard}.`);
      if (typeof w.number !== 'string' || !/^\+[1-9]\d{6,14}$/.test(w.number))
        throw new Error(`${where}.number: not an E.164 number.`);
      if (!OPT_OUT_CHANNELS.includes(w.channel))
        throw new Error(`${where}.channel: one of ${OPT_OUT_CHANNELS.join(', ')}.`);
      const { reason, source, at } = w.mark ?? {};
      if (typeof reason !== 'string' || reason.length > OPT_OUT_REASON_MAX_CHARS)
        throw new Error(`${where}.mark.reason: text of at most ${OPT_OUT_REASON_MAX_CHARS} characters.`);
      if (typeof source !== 'string' || source.length > OPT_OUT_SOURCE_MAX_CHARS)
        throw new Error(`${where}.mark.source: text of at most ${OPT_OUT_SOURCE_MAX_CHARS} characters.`);
      if (typeof at !== 'string' || Number.isNaN(Date.parse(at)))
        throw new Error(`${where}.mark.at: an ISO 8601 time.`);
    });
  }

  /** Adds each write; a number already listed for that channel keeps its first mark (idempotent). */
  add(writes: readonly OptOutWrite[]): OptOutAddResult {
    let added = 0;
    for (const { numberKey, number, channel, mark } of writes) {
      const entry = this.entries.get(numberKey) ?? { number, marks: {} };
      if (entry.marks[channel]) continue;
      entry.marks[channel] = { reason: mark.reason, source: mark.source, at: mark.at };
      this.entries.set(numberKey, entry);
      added += 1;
    }
    return { added, alreadyListed: writes.length - added };
  }

  /** Lifts the given channels' marks; the entry goes once no mark is left. Returns what was lifted. */
  remove({ numberKey, channels }: OptOutRemoval): { lifted: OptOutChannel[] } {
    const entry = this.entries.get(numberKey);
    if (!entry) return { lifted: [] };
    const lifted = (channels === 'all' ? OPT_OUT_CHANNELS : channels).filter((c) => entry.marks[c]);
    for (const channel of lifted) delete entry.marks[channel];
    if (Object.keys(entry.marks).length === 0) this.entries.delete(numberKey);
    return { lifted };
  }

  /** The entry of one number, or null when it is not on the list: one map lookup. */
  check(numberKey: string): OptOutEntry | null {
    return this.entries.get(numberKey) ?? null;
  }

  /** One page in number-key order (stable across pages while writes come in). */
  page({ after, limit }: OptOutPageRequest): OptOutPage {
    const size = Math.max(1, Math.min(limit, OPT_OUT_PAGE_MAX));
    const keys = [...this.entries.keys()].filter((k) => after === undefined || k > after).sort();
    const taken = keys.slice(0, size);
    return {
      entries: taken.map((numberKey) => ({ numberKey, entry: this.entries.get(numberKey)! })),
      next: keys.length > size ? taken[taken.length - 1]! : null,
    };
  }

  /** Every entry, to carry across continue-as-new. */
  snapshot(): Record<string, OptOutEntry> {
    return Object.fromEntries(this.entries);
  }
}
