/**
 * Seeded randomness. Every id, code and transcript choice the simulator makes comes from here, so a
 * run with the same seed and the same requests produces the same bytes.
 */

/** FNV-1a over a string: a stable 32-bit hash used to derive sub-seeds from text. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A small deterministic generator (mulberry32) with the helpers the simulator needs. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A generator seeded from this one's seed and a label, independent of how many draws came before. */
  static derive(seed: number, ...labels: string[]): Random {
    return new Random(hashString(`${seed}:${labels.join('|')}`));
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick() needs a non-empty list');
    return item;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }

  digits(length: number): string {
    let out = '';
    while (out.length < length) out += String(Math.floor(this.next() * 10));
    return out;
  }

  alphanumeric(length: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    while (out.length < length) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** Where a generator is, so a restarted simulator continues the same sequence. */
  snapshot(): number {
    return this.state;
  }

  restore(state: number): void {
    this.state = state >>> 0;
  }
}

/** Id prefixes of spec §1.4; ids are `<prefix><16 lowercase hex>`. */
export const ID_PREFIX = {
  account: 'acct_',
  verification: 'ver_',
  agent: 'agt_',
  number: 'num_',
  call: 'call_',
  conversation: 'conv_',
  message: 'msg_',
  webhook: 'wh_',
  turn: 'tr_',
  delivery: 'whd_',
} as const;
export type IdKind = keyof typeof ID_PREFIX;
