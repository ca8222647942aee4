/**
 * The one output layer of every command: a result is printed either as JSON (`--json`: one document on
 * stdout, nothing else there) or as text for a human, coloured only when stdout is a terminal (and
 * NO_COLOR is unset); long waits show a spinner on stderr only when stderr is a terminal. Scripts and AI
 * agents get the same facts as people, in a form they can parse.
 */
import { styleText } from 'node:util';
import ora from 'ora';

type Style = 'green' | 'red' | 'yellow' | 'dim' | 'bold' | 'cyan';

/** Where a command writes; tests pass their own streams. */
export interface OutputStreams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

const PROCESS_STREAMS: OutputStreams = { stdout: process.stdout, stderr: process.stderr, env: process.env };

/** Whether text on `stream` may carry ANSI colour: a terminal, NO_COLOR unset, TERM not "dumb" (or FORCE_COLOR). */
export function colourAllowed(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** A command's output: construct one per run with the `--json` flag's value. */
export class CommandOutput {
  readonly json: boolean;
  private readonly streams: OutputStreams;
  private readonly colour: boolean;

  constructor(options: { json?: boolean } = {}, streams: OutputStreams = PROCESS_STREAMS) {
    this.json = options.json === true;
    this.streams = streams;
    this.colour = !this.json && colourAllowed(streams.stdout, streams.env);
  }

  /** Prints the result: `value` as JSON with `--json`, else the human text (lines or one string). */
  result(value: unknown, human: string | readonly string[] | (() => string | readonly string[])): void {
    if (this.json) {
      this.streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      return;
    }
    const text = typeof human === 'function' ? human() : human;
    this.streams.stdout.write(`${typeof text === 'string' ? text : text.join('\n')}\n`);
  }

  /** A line for the human only (progress, hints): stderr, so it never mixes with a JSON result. */
  note(text: string): void {
    this.streams.stderr.write(`${text}\n`);
  }

  /** `text` in a colour when colour is allowed on stdout; plain otherwise. */
  style(style: Style, text: string): string {
    return this.colour ? styleText(style, text, { validateStream: false }) : text;
  }

  ok(text: string): string {
    return this.style('green', text);
  }

  bad(text: string): string {
    return this.style('red', text);
  }

  warn(text: string): string {
    return this.style('yellow', text);
  }

  dim(text: string): string {
    return this.style('dim', text);
  }

  /**
   * Awaits `work` while a spinner with `text` turns on stderr (a terminal and not `--json` only); the
   * spinner stops whether the work succeeds or fails, so an error message starts on a clean line.
   */
  async waitFor<T>(text: string, work: Promise<T>): Promise<T> {
    const stderr = this.streams.stderr;
    // ora draws with cursor moves: only a real terminal stream has them.
    if (this.json || stderr.isTTY !== true || !('cursorTo' in stderr)) return work;
    const spinner = ora({ text, stream: stderr, discardStdin: false }).start();
    try {
      return await work;
    } finally {
      spinner.stop();
    }
  }
}
