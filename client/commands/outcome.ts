/**
 * `ringflow outcome --kind reservation --transcript <file.json> [--party 2 --date 2026-12-05
 * --time 19:00 --name Manav] [--json]`: classifies a saved call the way the reservation workflow would.
 * A debugging aid: it reads any of AgentPhone's transcript shapes, a whole call or a webhook body, and
 * prints the outcome with the lines it rests on. Runs the same extractor chain as the worker, so an LLM
 * configured through RINGFLOW_LLM_* is used here too.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigError } from '../../common/process/config/parse-env';
import { createLogger } from '../../common/process/logger';
import { callFactsFromJson } from '../../outcome/call-facts';
import { createExtractorsFromConfig, loadOutcomeConfig } from '../../outcome/config';
import { extractReservationOutcome } from '../../outcome/extractors';
import type { ReservationOutcome, TableWanted } from '../../outcome/reservation';
import { TranscriptFormatError } from '../../outcome/transcript';
import { CommandOutput } from '../output';
import { jsonOption, ringflowCommand, runCommand, withExamples, type ExitCodeSink } from './command-kit';

const DEFAULTS = { partySize: 2, time: '19:00', name: '(not given)' };

const FlagsSchema = z.object({
  kind: z.literal('reservation', { message: 'only "reservation" is supported: pass --kind reservation' }),
  transcript: z.string({ message: 'missing: pass --transcript <file.json>' }).min(1, 'pass a file path'),
  party: z.coerce
    .number({ message: 'must be a number of people, like --party 2' })
    .int('must be a whole number of people, like --party 2')
    .min(1, 'must be at least 1')
    .max(50, 'must be at most 50')
    .optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD, like --date 2026-12-05')
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'is not a real date')
    .optional(),
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM in 24-hour time, like --time 19:00')
    .optional(),
  name: z.string().trim().min(1, 'must not be empty').optional(),
  now: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO time, like --now 2026-12-04T18:00:00Z')
    .optional(),
  'time-zone': z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone, like --time-zone America/New_York')
    .optional(),
  json: z.boolean().default(false),
});

export interface OutcomeCommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/** What `outcome` was asked, after commander parsed it (before the schema checks each value). */
interface OutcomeFlags {
  kind?: string;
  transcript?: string;
  party?: string;
  date?: string;
  time?: string;
  name?: string;
  now?: string;
  timeZone?: string;
  json?: boolean;
}

/** The declaration of `ringflow outcome` (no side effects; `ringflow completion` reads it too). */
export function command(exitWith: ExitCodeSink, io: OutcomeCommandIo = process) {
  return withExamples(
    ringflowCommand(
      'outcome',
      'classify a saved call the way the reservation workflow would: a transcript in any AgentPhone ' +
        'shape, a call detail, or a webhook body; prints the outcome and the lines it rests on',
    )
      .option('--kind <kind>', 'what the call was for (only "reservation" so far)')
      .option('--transcript <file.json>', 'the saved JSON')
      .option('--party <n>', 'party size asked for (default 2)')
      .option('--date <YYYY-MM-DD>', "date asked for (default: the call's date, else today)")
      .option('--time <HH:MM>', 'time asked for, 24-hour (default 19:00)')
      .option('--name <name>', 'name the booking is under (default "(not given)")')
      .option(
        '--now <ISO time>',
        'when the call happened, for "today"/"tomorrow" (default: the call\'s endedAt)',
      )
      .option('--time-zone <IANA>', "the restaurant's time zone, like America/New_York (default UTC)")
      .addOption(jsonOption())
      .action(exitWith((flags: OutcomeFlags) => outcome(flags, io))),
    [
      'ringflow outcome --kind reservation --transcript call.json',
      [
        'ringflow outcome --kind reservation --transcript webhook.json --party 4 --date 2026-12-05 --time 20:00 --json',
        'the outcome as JSON, judged against the request the call was made for',
      ],
    ],
  );
}

/**
 * Runs the command. Bad input throws a ConfigError that names the flag and the fix (an unknown flag: a
 * UsageError); a dry aid, so it never needs Temporal or AgentPhone.
 *
 * @example await main(['--kind', 'reservation', '--transcript', 'call.json', '--json']);
 */
export const main = (argv: string[], io: OutcomeCommandIo = process): Promise<number> =>
  runCommand(argv, (exitWith) => command(exitWith, io));

async function outcome(given: OutcomeFlags, io: OutcomeCommandIo): Promise<void> {
  const flags = checkedFlags(given);
  const output = new CommandOutput({ json: flags.json }, io);
  const saved = await readSavedCall(flags.transcript);
  const { call, startedAt } = saved;
  const callDay = (call.endedAt ?? startedAt ?? flags.now)?.slice(0, 10);
  const request: TableWanted = {
    partySize: flags.party ?? DEFAULTS.partySize,
    date: flags.date ?? callDay ?? new Date().toISOString().slice(0, 10),
    time: flags.time ?? DEFAULTS.time,
    name: flags.name ?? DEFAULTS.name,
  };
  noteDefaults(flags, request, output);

  const logger = createLogger({ level: 'warn', name: 'ringflow-outcome', destination: io.stderr });
  const extractors = createExtractorsFromConfig(loadOutcomeConfig(io.env), { logger });
  let result: ReservationOutcome;
  try {
    result = await extractReservationOutcome(
      {
        call,
        request,
        ...(flags.now ? { now: flags.now } : {}),
        ...(flags['time-zone'] ? { timeZone: flags['time-zone'] } : {}),
      },
      { extractors, logger },
    );
  } catch (err) {
    if (err instanceof TranscriptFormatError) throw new ConfigError(`--transcript: ${err.message}`);
    throw err;
  }
  output.result(result, () => describeOutcome(result).trimEnd());
}

/** The flags checked against the schema; a ConfigError lists every bad one by its flag. */
function checkedFlags(given: OutcomeFlags): z.output<typeof FlagsSchema> {
  const { timeZone, ...rest } = given;
  const values = { ...rest, ...(timeZone !== undefined ? { 'time-zone': timeZone } : {}) };
  const result = FlagsSchema.safeParse(values);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `  --${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`Invalid options:\n${problems.join('\n')}\n(see \`ringflow outcome --help\`)`);
}

async function readSavedCall(path: string) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `--transcript: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); pass a saved JSON file`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`--transcript: ${path} is not valid JSON (${(err as Error).message})`);
  }
  try {
    return callFactsFromJson(json);
  } catch (err) {
    if (err instanceof z.ZodError) {
      const problems = err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new ConfigError(`--transcript: ${path} has a call field of the wrong type (${problems})`);
    }
    throw err;
  }
}

/** Says on stderr which request details were not given, so a reader knows what "booked" fell back to. */
function noteDefaults(flags: z.output<typeof FlagsSchema>, request: TableWanted, output: CommandOutput) {
  const assumed = [
    flags.party === undefined && `party ${request.partySize}`,
    flags.date === undefined && `date ${request.date}`,
    flags.time === undefined && `time ${request.time}`,
    flags.name === undefined && `name ${request.name}`,
  ].filter(Boolean);
  if (assumed.length > 0) output.note(`note: request not fully given; assuming ${assumed.join(', ')}`);
}

/** The outcome for a terminal: kind and source, the details, the reason, then the evidence lines. */
export function describeOutcome(outcome: ReservationOutcome): string {
  const rows: string[] = [`Outcome:   ${outcome.kind} (from ${outcome.source})`];
  if (outcome.kind === 'booked') {
    const assumed = outcome.assumedFromRequest.length
      ? ` (not said on the call: ${outcome.assumedFromRequest.join(', ')})`
      : '';
    rows.push(
      `Booking:   ${outcome.date} ${outcome.time}, party of ${outcome.partySize}, under ${outcome.name}${assumed}`,
    );
  }
  if (outcome.kind === 'alternative_offered') {
    rows.push(`Offered:   ${outcome.alternatives.map((a) => `${a.date} ${a.time}`).join(', ')}`);
  }
  if (outcome.kind === 'call_back' && outcome.after) rows.push(`Call back: ${outcome.after}`);
  rows.push(`Reason:    ${outcome.reason}`);
  rows.push(outcome.evidence.length ? 'Evidence:' : 'Evidence:  (no transcript lines)');
  for (const line of outcome.evidence) rows.push(`  [${line.index}] ${line.role}: ${line.text}`);
  return `${rows.join('\n')}\n`;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
