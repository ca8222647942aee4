/**
 * Distinct, dialable numbers for benchmark contacts: +1 212 <exchange> <line>, exchanges from 201 up,
 * skipping N11 exchanges (211, 311, …), 10,000 lines each — about 6.3M numbers, all New York.
 */
const EXCHANGES = Array.from({ length: 699 }, (_, i) => 201 + i).filter((e) => e % 100 !== 11);

/** The i-th benchmark number (0-based); the same i always gives the same number. */
export function numberAt(i: number): string {
  const exchange = EXCHANGES[Math.floor(i / 10_000)];
  if (exchange === undefined)
    throw new Error(`numberAt: ${i} is past the ${EXCHANGES.length * 10_000} numbers`);
  return `+1212${exchange}${String(i % 10_000).padStart(4, '0')}`;
}
