/**
 * `ringflow status [--json] [--hours 24]`: the account, the running flows by kind, recent outcomes,
 * the opt-out list's size and webhook health, in one look (client/status.ts gathers it).
 */
import { webhookSecretsPath } from '../../common/process/config';
import { describeStatus, gatherStatus } from '../status';
import { CommandOutput } from '../output';
import { commandAgentPhone } from './agentphone-access';
import { commandClient, UsageError } from './shared';
import { jsonOption, ringflowCommand, runCommand, withExamples, type ExitCodeSink } from './command-kit';

/** Where `status` reads its variables and writes its report (tests pass their own). */
export interface StatusCommandIo {
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
}

interface StatusFlags {
  hours: string;
  json?: boolean;
}

/** The declaration of `ringflow status` (no side effects; `ringflow completion` reads it too). */
export function command(exitWith: ExitCodeSink, io: StatusCommandIo = processIo()) {
  return withExamples(
    ringflowCommand(
      'status',
      'account usage and limits, numbers and agents, running flows by kind (who waits on a human, ' +
        'campaign progress), recent outcomes, opt-out list size and webhook health',
    )
      .option('--hours <n>', 'how far back "recent outcomes" and webhook deliveries go (1 to 168)', '24')
      .addOption(jsonOption())
      .action(exitWith((flags: StatusFlags) => status(flags, io))),
    [
      'ringflow status',
      ['ringflow status --json | jq .flows.value.reservations', 'the running reservations, for a script'],
      ['ringflow status --hours 168', 'outcomes of the last week'],
    ],
  );
}

export const main = (
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> => runCommand(argv, (exitWith) => command(exitWith, { env, out }));

function processIo(): StatusCommandIo {
  return { env: process.env, out: (text) => process.stdout.write(text) };
}

async function status(flags: StatusFlags, io: StatusCommandIo): Promise<number> {
  const hours = Number(flags.hours);
  if (!Number.isInteger(hours) || hours < 1 || hours > 168)
    throw new UsageError(`--hours: "${flags.hours}" is not a whole number from 1 to 168.`);
  const stdout = { write: (chunk: string) => (io.out(chunk), true) } as unknown as NodeJS.WritableStream;
  const output = new CommandOutput({ json: flags.json }, { stdout, stderr: process.stderr, env: io.env });
  const { config, agentphone } = commandAgentPhone(io.env);
  const access = await commandClient(io.env);
  try {
    const report = await output.waitFor(
      'Gathering the status…',
      gatherStatus({
        temporal: access.client,
        taskQueue: access.taskQueue,
        agentphone,
        hours,
        secretsFile: webhookSecretsPath(config),
      }),
    );
    output.result(report, () => describeStatus(report));
    return 0;
  } finally {
    await access.close();
    await agentphone?.close();
  }
}
