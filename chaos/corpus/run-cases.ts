/**
 * Runs the bad-input corpus through ringflow's command line in one process (the same `run(argv)` that
 * `bin/ringflow.mjs` calls), capturing each command's exit code and output. Spawned by the bad-input
 * scenario with the stack's variables; prints the outcomes as one JSON line at the end.
 *
 * Usage: node --import tsx chaos/corpus/run-cases.ts <corpus.json> <scratch dir> <agent id>
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../client/cli';

/** One bad input: the argv, the files it reads, and the text its refusal must contain. */
export interface CorpusCase {
  name: string;
  argv: string[];
  /** Must appear in the output (a flag, field or file name). */
  expect: string;
  files?: Record<string, string>;
  /** Default 2, bad input refused before anything happened (see client/exit-codes.ts). */
  exitCode?: number;
}

export interface CaseOutcome {
  name: string;
  code: number;
  output: string;
}

/** `{repeat 5000 x}` → 5000 × "x" (keeps absurd sizes out of the data file); `{dir}`, `{agent}`, `{future}`. */
export function expand(text: string, dir: string, agent: string): string {
  const future = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  return text
    .replace(/\{repeat (\d+) (.)\}/gs, (_, n: string, c: string) => c.repeat(Number(n)))
    .replaceAll('{dir}', dir)
    .replaceAll('{agent}', agent)
    .replaceAll('{future}', future);
}

async function main(): Promise<void> {
  const [corpusFile, dir, agent] = process.argv.slice(2);
  if (!corpusFile || !dir || !agent) throw new Error('usage: run-cases.ts <corpus.json> <dir> <agent>');
  const cases = JSON.parse(readFileSync(corpusFile, 'utf8')) as CorpusCase[];
  const outcomes: CaseOutcome[] = [];
  const write = {
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
  };
  for (const [i, c] of cases.entries()) {
    const caseDir = join(dir, String(i));
    mkdirSync(caseDir, { recursive: true });
    for (const [name, content] of Object.entries(c.files ?? {}))
      writeFileSync(join(caseDir, name), expand(content, caseDir, agent));
    let output = '';
    const capture = (chunk: string | Uint8Array) => {
      output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      return true;
    };
    process.stdout.write = capture;
    process.stderr.write = capture;
    let code: number;
    try {
      code = await run(c.argv.map((a) => expand(a, caseDir, agent)));
    } catch (err) {
      code = -1;
      output += `run() threw: ${(err as Error).stack ?? String(err)}`;
    } finally {
      process.stdout.write = write.out;
      process.stderr.write = write.err;
    }
    outcomes.push({ name: c.name, code, output: output.slice(0, 4_000) });
  }
  write.out(`${JSON.stringify(outcomes)}\n`);
}

await main();
process.exit(0);
