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
  // Placeholders, not sample values, so the agent cannot repeat an example as if it were the result.
  "e.g. 'To recap: booked a table for {{party_size}} on {{date_spoken}} at {{time_spoken}} under {{name}}.' or " +
  "'To recap: nothing booked; they offered <the times they offered> on <the day>.'";
