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
import { commandClient, parseFlags, UsageError } from './shared';

export const WEBHOOK_WIRING_USAGE = `Usage: ringflow webhooks setup --url <public https url> [--agent <id>] [--grace 24h] [--json]
       ringflow webhooks rotate [--agent <id>] [--grace 24h] [--json]
       ringflow webhooks test [--agent <id>] [--json]
       ringflow webhooks deliveries [--hours 24] [--json]
Example: ringflow webhooks setup --url https://hooks.example.com/webhooks/agentphone --grace 24h`;

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

/** Runs one wiring subcommand; `env` for tests. */
export async function runWebhookWiring(
  sub: string,
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      url: { type: 'string' },
      agent: { type: 'string' },
      grace: { type: 'string', default: '24h' },
      hours: { type: 'string', default: '24' },
      json: { type: 'boolean', default: false },
    },
    WEBHOOK_WIRING_USAGE,
  );
  if (positionals.length > 0)
    throw new UsageError(`Unexpected argument "${positionals[0]}".\n\n${WEBHOOK_WIRING_USAGE}`);
  const graceMs = parseGrace(values.grace);
  if (graceMs === undefined)
    throw new UsageError(`--grace must be a duration like 24h, 90m or 0.\n\n${WEBHOOK_WIRING_USAGE}`);
  if (sub === 'setup') {
    if (values.url === undefined) throw new UsageError(`--url is required.\n\n${WEBHOOK_WIRING_USAGE}`);
    const problem = webhookUrlProblem(values.url);
    if (problem) throw new UsageError(`--url ${problem}.\n\n${WEBHOOK_WIRING_USAGE}`);
  }
  const hours = Number(values.hours);
  if (!Number.isInteger(hours) || hours < 1 || hours > 168)
    throw new UsageError(`--hours must be a whole number from 1 to 168.\n\n${WEBHOOK_WIRING_USAGE}`);

  const { config, agentphone } = agentPhoneFromEnv(env);
  const print = (value: unknown, text: string) =>
    out(values.json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
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
    throw new UsageError(WEBHOOK_WIRING_USAGE);
  } finally {
    await agentphone.close();
  }
}
