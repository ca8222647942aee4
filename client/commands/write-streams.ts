/**
 * Output streams for a command whose `main` takes a `write` function (tests capture what it prints):
 * the result goes through `write`, notes to stderr. Never a terminal, so no colour and no spinner.
 */
import type { OutputStreams } from '../output';

export function streamsWriting(
  write: (text: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): OutputStreams {
  const stdout = {
    write: (chunk: string | Uint8Array) => {
      write(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  return { stdout, stderr: process.stderr, env };
}
