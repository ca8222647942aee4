/**
 * `ringflow status [--json] [--hours 24]`: the account, the running flows by kind, recent outcomes,
 * the opt-out list's size and webhook health, in one look (client/status.ts gathers it).
 */
import { webhookSecretsPath } from '../../common/process/config';
import { describeStatus, gatherStatus } from '../status';
import { commandAgentPhone } from './agentphone-access';
import { commandClient, parseFlags, UsageError } from './shared';

const USAGE = `Usage: ringflow status [--json] [--hours 24]
Example: ringflow status --json | jq .flows.value.reservations`;

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    { json: { type: 'boolean', default: false }, hours: { type: 'string', default: '24' } },
    USAGE,
  );
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".\n\n${USAGE}`);
  const hours = Number(values.hours);
  if (!Number.isInteger(hours) || hours < 1 || hours > 168)
    throw new UsageError(`--hours must be a whole number from 1 to 168.\n\n${USAGE}`);
  const { config, agentphone } = commandAgentPhone(env);
  const access = await commandClient(env);
  try {
    const report = await gatherStatus({
      temporal: access.client,
      taskQueue: access.taskQueue,
      agentphone,
      hours,
      secretsFile: webhookSecretsPath(config),
    });
    out(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${describeStatus(report)}\n`);
    return 0;
  } finally {
    await access.close();
    await agentphone?.close();
  }
}
