/**
 * The "I am listening" line of a long-running ringflow process. With `--json` it is one JSON object on
 * ONE line of stdout (a script reads it with `head -1 | jq`, or waits for the first line) — unlike a
 * command's result, which is pretty-printed; without `--json` it is the human sentence.
 */

/** What every ready line says: which process (and, for most, the address it listens on or reaches). */
export interface ReadyLine {
  service: string;
  url?: string;
}

/** Prints `ready` as one compact JSON line when `json`, else `human`; to stdout either way. */
export function printReadyLine<Ready extends ReadyLine>(
  json: boolean | undefined,
  ready: Ready,
  human: string,
  stdout: NodeJS.WritableStream = process.stdout,
): void {
  stdout.write(`${json ? JSON.stringify(ready) : human}\n`);
}
