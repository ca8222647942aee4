import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { z } from 'zod';

import { createLogger } from '../common/process/logger';
import { ConfigError, loggingEnv, parseEnv } from '../common/process/config';
import { buildSimulator } from './build';
import { parseSpeed } from './clock';
import { FaultListSchema, type FaultSpec } from './faults';
import { DEFAULT_CAMPAIGN_MIX, parsePersonaProportions, type PersonaMix } from './callees/mix';

const USAGE = `Usage: ringflow simulator [--port 4010] [--host 127.0.0.1] [--webhook-url <url>] [--speed realtime|instant|<factor>]
                          [--seed <n>] [--data-dir <dir>] [--faults <file.json>] [--no-ready-account] [--mcp-statuses]
                          [--no-rate-limits] [--webhook-retry-delays <ms,ms,…>]
                          [--personas campaign|confirm=40,decline=10,no-answer=15,…]`;

/** The simulator's one variable: its log level (everything else is a flag). */
export const SimulatorEnvSchema = z.object(loggingEnv);

async function readFaults(file: string): Promise<FaultSpec[]> {
  const parsed = FaultListSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success)
    throw new ConfigError(
      `--faults ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

/**
 * `ringflow simulator`: runs the local AgentPhone until SIGINT/SIGTERM and prints the ready account
 * as one JSON line on stdout (logs go to stderr).
 *
 * @example
 * await main(['--port', '4010', '--speed', '60', '--seed', '7']);
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      'webhook-url': { type: 'string' },
      speed: { type: 'string', default: 'realtime' },
      seed: { type: 'string', default: '1' },
      'data-dir': { type: 'string' },
      faults: { type: 'string' },
      'no-ready-account': { type: 'boolean', default: false },
      'mcp-statuses': { type: 'boolean', default: false },
      'no-rate-limits': { type: 'boolean', default: false },
      'webhook-retry-delays': { type: 'string' },
      personas: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  const seed = Number(values.seed);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`--port must be 0–65535, not "${values.port}"`);
  if (!Number.isInteger(seed)) throw new ConfigError(`--seed must be a whole number, not "${values.seed}"`);
  let speed;
  try {
    speed = parseSpeed(values.speed);
  } catch (err) {
    throw new ConfigError(`--speed: ${(err as Error).message}`);
  }

  const retryDelays = values['webhook-retry-delays']?.split(',').map((d) => Number(d.trim()));
  if (retryDelays && retryDelays.some((d) => !Number.isInteger(d) || d < 0))
    throw new ConfigError(
      `--webhook-retry-delays must be whole simulated milliseconds, comma-separated (e.g. 1000,5000), not "${values['webhook-retry-delays']}"`,
    );
  let personaMix: PersonaMix | undefined;
  if (values.personas !== undefined) {
    try {
      personaMix = {
        proportions:
          values.personas === 'campaign' ? DEFAULT_CAMPAIGN_MIX : parsePersonaProportions(values.personas),
      };
    } catch (err) {
      throw new ConfigError(`--personas: ${(err as Error).message}`);
    }
  }

  const env = parseEnv(SimulatorEnvSchema, process.env, 'simulator');
  const logger = createLogger({
    name: 'simulator',
    level: env.LOG_LEVEL,
    destination: process.stderr,
  });
  const simulator = await buildSimulator({
    speed,
    seed,
    logger,
    readyAccount: !values['no-ready-account'],
    mcpStatuses: values['mcp-statuses'],
    ...(values['no-rate-limits'] ? { rateLimits: false as const } : {}),
    ...(retryDelays ? { webhookRetryDelaysMs: retryDelays } : {}),
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    ...(values['webhook-url'] ? { webhookUrl: values['webhook-url'] } : {}),
    ...(values.faults ? { faults: await readFaults(values.faults) } : {}),
    ...(personaMix ? { personaMix } : {}),
  });
  // Listen for signals before announcing the account: whoever reads the line may stop us at once.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const baseUrl = await simulator.listen({ port, host: values.host });
  const ready = values['no-ready-account'] ? {} : simulator.account;
  process.stdout.write(`${JSON.stringify({ baseUrl, ...ready })}\n`);
  logger.info({ baseUrl, speed, seed, dataDir: values['data-dir'] ?? null }, 'simulator listening');

  await stopped;
  logger.info('simulator shutting down');
  await simulator.close();
}
