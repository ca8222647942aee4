/**
 * `ringflow webhooks setup|rotate|test|deliveries`: wiring AgentPhone's webhooks to the ingress. The
 * signing secret goes from AgentPhone's answer straight into RINGFLOW_WEBHOOK_SECRETS_FILE (0600), which
 * the ingress re-reads; it is never printed, logged or passed on a command line.
 */
import { webhookSecretsPath } from '../../common/process/config';
import { commandAgentPhone } from './agentphone-access';
import { parseGrace } from '../../common/process/webhook-secrets-file';
import { listDeadLetters } from '../dead-letters';
import { describeDeliveries, summarizeDeliveries, type DeliveryView } from '../webhook-deliveries';
import { rotateWebhook, setUpWebhook, webhookUrlProblem, type WebhookSetupReport } from '../webhook-setup';
import { CommandOutput } from '../output';
import {
  jsonOption,
  ringflowCommand,
  runCommand,
  withExamples,
  type Command,
  type ExitCodeSink,
} from './command-kit';
import { commandClient, UsageError } from './shared';
import { streamsWriting } from './write-streams';

/** Where the wiring commands print and which configuration they read (tests pass their own). */
export interface WebhookWiringContext {
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
}

export const PROCESS_WIRING_CONTEXT: WebhookWiringContext = {
  env: process.env,
  out: (text) => process.stdout.write(text),
};

interface WiringFlags {
  url?: string;
  agent?: string;
  grace?: string;
  hours?: string;
  json?: boolean;
}

type WiringSub = 'setup' | 'rotate' | 'test' | 'deliveries';
function agentPhoneFromEnv(env: NodeJS.ProcessEnv) {
  const { config, agentphone } = commandAgentPhone(env);
  if (!agentphone)
    throw new UsageError(
      'No AgentPhone API key: set AGENTPHONE_API_KEY, or run `ringflow signup` / `ringflow login --api-key-stdin`.',
    );
  return { config, agentphone };
}

function describeSetup(report: WebhookSetupReport): string {
  return [
    `Webhook ${report.webhookId} (${report.scope}) → ${report.url}`,
    `New signing secret ${report.secretFingerprint} stored in ${report.secretsFile} (the ingress reads it).`,
    report.previousRetiresAt
      ? `The previous secret is still accepted until ${report.previousRetiresAt}.`
      : 'No previous secret kept.',
  ].join('\n');
}

/** Adds `setup`, `rotate`, `test` and `deliveries` under `webhooks`. */
export function addWebhookWiringCommands(
  webhooks: Command,
  exitWith: ExitCodeSink,
  context: WebhookWiringContext = PROCESS_WIRING_CONTEXT,
): void {
  const run = (sub: WiringSub) => exitWith((flags: WiringFlags) => runWiring(sub, flags, context));
  const graceHelp = 'how long the previous secret stays accepted: 24h (default), 90m, 0';
  withExamples(
    webhooks
      .command('setup')
      .description(
        'register the webhook at AgentPhone and store its signing secret where the ingress reads it ' +
          '(RINGFLOW_WEBHOOK_SECRETS_FILE, 0600; never printed)',
      )
      .option('--url <https url>', 'the public https URL that reaches the ingress; required')
      .option('--agent <id>', "one agent's webhook (agt_…); default: the account's")
      .option('--grace <span>', graceHelp, '24h')
      .addOption(jsonOption())
      .action(run('setup')),
    [
      'ringflow webhooks setup --url https://hooks.example.com/webhooks/agentphone',
      'ringflow webhooks setup --url https://hooks.example.com/webhooks/agentphone --agent agt_abc123 --grace 1h',
    ],
  );
  withExamples(
    webhooks
      .command('rotate')
      .description('a new signing secret for the webhook; the previous one is accepted for --grace')
      .option('--agent <id>', "one agent's webhook (agt_…); default: the account's")
      .option('--grace <span>', graceHelp, '24h')
      .addOption(jsonOption())
      .action(run('rotate')),
    ['ringflow webhooks rotate', 'ringflow webhooks rotate --grace 0 --json'],
  );
  withExamples(
    webhooks
      .command('test')
      .description("send AgentPhone's test event and say whether the ingress accepted it (exit 3 if not)")
      .option('--agent <id>', "one agent's webhook (agt_…); default: the account's")
      .addOption(jsonOption())
      .action(run('test')),
    ['ringflow webhooks test', 'ringflow webhooks test --agent agt_abc123 --json'],
  );
  withExamples(
    webhooks
      .command('deliveries')
      .description(
        "AgentPhone's delivery log beside what the ingress accepted, rejected (by reason) or dead-lettered",
      )
      .option('--hours <n>', 'how far back, 1–168', '24')
      .addOption(jsonOption())
      .action(run('deliveries')),
    ['ringflow webhooks deliveries', 'ringflow webhooks deliveries --hours 72 --json'],
  );
}

/**
 * Runs one wiring subcommand on the words after it, as `ringflow webhooks <sub> …` would (the
 * integration tests pass their own configuration and capture the output).
 */
export function runWebhookWiring(
  sub: string,
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  return runCommand([sub, ...argv], (exitWith) => {
    const webhooks = ringflowCommand('webhooks', 'wire AgentPhone webhooks to the ingress');
    addWebhookWiringCommands(webhooks, exitWith, { env, out });
    return webhooks;
  });
}

async function runWiring(
  sub: WiringSub,
  values: WiringFlags,
  context: WebhookWiringContext,
): Promise<number> {
  const { env } = context;
  const graceMs = parseGrace(values.grace ?? '24h');
  if (graceMs === undefined)
    throw new UsageError(`--grace must be a duration like 24h, 90m or 0 (nothing was changed).`);
  if (sub === 'setup') {
    if (values.url === undefined)
      throw new UsageError(
        '--url is required: the public https URL that reaches the ingress (nothing was changed).',
      );
    const problem = webhookUrlProblem(values.url);
    if (problem) throw new UsageError(`--url ${problem} (nothing was changed).`);
  }
  const hours = Number(values.hours ?? '24');
  if (!Number.isInteger(hours) || hours < 1 || hours > 168)
    throw new UsageError(`--hours must be a whole number from 1 to 168.`);

  const { config, agentphone } = agentPhoneFromEnv(env);
  const output = new CommandOutput({ json: values.json }, streamsWriting(context.out, env));
  const print = (value: unknown, text: string) => output.result(value, text);
  try {
    const secretsFile = webhookSecretsPath(config);
    if (sub === 'setup' || sub === 'rotate') {
      const options = { agentphone, agentId: values.agent, secretsFile, graceMs, nowMs: Date.now() };
      const report =
        sub === 'setup' ? await setUpWebhook({ ...options, url: values.url! }) : await rotateWebhook(options);
      if (!report) throw new UsageError('No webhook to rotate: run `ringflow webhooks setup --url …` first.');
      print(report, describeSetup(report));
      return 0;
    }
    if (sub === 'test') {
      const result = values.agent
        ? await agentphone.webhooks.testForAgent(values.agent)
        : await agentphone.webhooks.test({});
      const status = result.httpStatus ?? result.statusCode ?? null;
      const accepted = Boolean(result.success) && status !== null && status >= 200 && status < 300;
      print(
        { accepted, httpStatus: status, error: result.errorMessage ?? result.error ?? null },
        accepted
          ? `The ingress accepted the test event (HTTP ${status}).`
          : `The ingress did not accept the test event (${status === null ? 'no answer' : `HTTP ${status}`}` +
              `${result.errorMessage || result.error ? `: ${result.errorMessage ?? result.error}` : ''}). ` +
              'HTTP 401 means the ingress lacks the secret: run `ringflow webhooks setup` where the ingress reads ' +
              'RINGFLOW_WEBHOOK_SECRETS_FILE.',
      );
      return accepted ? 0 : 3;
    }
    if (sub === 'deliveries') {
      const page = await agentphone.webhooks.deliveries({ hours, limit: 100 });
      const access = await commandClient(env);
      let views: DeliveryView[];
      try {
        views = describeDeliveries(page.data, await listDeadLetters(access.client));
      } finally {
        await access.close();
      }
      const summary = summarizeDeliveries(views);
      const lines = views.map(
        (v) =>
          `${v.createdAt}  ${v.id}  ${v.eventType ?? '-'}  AgentPhone: ${v.apiStatus}` +
          `${v.httpStatus === null ? '' : ` (HTTP ${v.httpStatus})`}  ingress: ${v.verdict}${v.reason ? ` (${v.reason})` : ''}`,
      );
      const counts = Object.entries(summary.byVerdict)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ');
      print(
        { summary, deliveries: views },
        [`${summary.total} deliveries in the last ${hours} h${counts ? `: ${counts}` : ''}.`, ...lines].join(
          '\n',
        ),
      );
      return 0;
    }
    return 0;
  } finally {
    await agentphone.close();
  }
}
