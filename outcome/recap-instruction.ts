/**
 * The words that ask the call agent for a closing recap. A module of its own with no imports, so the
 * workflow that builds the call script can use it without bundling the recap reader.
 */

/**
 * The sentence the reservation call script appends to the agent's instructions, so every call ends
 * with a recap `findCallRecap` (./recap.ts) can read.
 */
export const CALL_RECAP_INSTRUCTION =
  "Before you hang up, say one sentence that sums up the result in plain words, starting with 'To recap:', " +
  "e.g. 'To recap: booked a table for 2 on Saturday at 7 PM under Manav.' or " +
  "'To recap: nothing booked; they offered 8:30 PM or 9 PM on Saturday.'";
