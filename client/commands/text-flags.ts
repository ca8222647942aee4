/**
 * Refusals for free-text flags (a prompt, an SMS body, a booking name): text that carries control
 * characters reaches a person — read aloud by the voice agent, shown on a phone, or as terminal escape
 * sequences in an operator's status output — so it is refused at the edge, naming the flag, before
 * anything is called or texted. Tabs and line breaks are ordinary text.
 */
import { UsageError } from './shared';

// C0 controls but tab/LF/CR, DEL, and C1 controls.
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Throws a UsageError naming `flag` when `value` holds a control character. */
export function refuseControlCharacters(flag: string, value: string | undefined, nothing: string): void {
  if (value === undefined) return;
  const match = CONTROL_CHARACTER.exec(value);
  if (match)
    throw new UsageError(
      `${flag}: contains the control character U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} ` +
        `at position ${match.index + 1}; remove it (${nothing}).`,
    );
}

/**
 * The longest prompt ringflow sends. AgentPhone documents no limit; a prompt past this is a file read
 * into the wrong flag or a runaway script, and every call would carry it (and cost its tokens).
 */
export const MAX_PROMPT_CHARS = 20_000;

/** Throws a UsageError naming `flag` when `value` is longer than `max` characters. */
export function refuseTooLong(flag: string, value: string | undefined, max: number, nothing: string): void {
  if (value !== undefined && value.length > max)
    throw new UsageError(
      `${flag}: ${value.length} characters, more than the ${max} allowed; shorten it (${nothing}).`,
    );
}

/** Agent ids are opaque tokens (`agt_…`); anything with a slash or dots would leave the API path. */
export function refuseBadAgentId(value: string | undefined, nothing: string): void {
  if (value !== undefined && !/^[A-Za-z0-9_-]{1,100}$/.test(value))
    throw new UsageError(`--agent-id: "${value.slice(0, 40)}" is not an agent id like agt_… (${nothing}).`);
}
