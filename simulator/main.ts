import { readFile } from 'node:fs/promises';

import { z } from 'zod';

import { createLogger } from '../common/process/logger';
import { ConfigError, loggingEnv, parseEnv } from '../common/process/config';
import { buildSimulator } from './build';
import { parseSpeed } from './clock';
import { FaultListSchema, type FaultSpec } from './faults';
import { DEFAULT_CAMPAIGN_MIX, parsePersonaProportions, type PersonaMix } from './callees/mix';

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

/** The simulator's flags as commander parses them (client/commands/simulator.ts declares them). */
export interface SimulatorFlags {
  /** Checked by the declaration (0–65535). */
  port: number;
  host: string;
  webhookUrl?: string;
  speed: string;
  seed: string;
  dataDir?: string;
  faults?: string;
  /** false with --no-ready-account. */
  readyAccount: boolean;
  mcpStatuses?: boolean;
  /** false with --no-rate-limits. */
  rateLimits: boolean;
  webhookRetryDelays?: string;
  personas?: string;
  json?: boolean;
}

/**
 * `ringflow simulator` on the words after its name (what tests, the chaos stack and benchmarks run);
 * the declaration lives with the other commands, in client/commands/simulator.ts.
 *
 * @example
 * await main(['--port', '4010', '--speed', '60', '--seed', '7']);
 */
export async function main(argv: string[]): Promise<number> {
  const { main: simulatorCommand } = await import('../client/commands/simulator');
  return simulatorCommand(argv);
}

/**
 * Runs the local AgentPhone until SIGINT/SIGTERM and prints the ready account as one JSON line on
 * stdout (logs go to stderr). Bad flags throw a ConfigError naming the flag, before anything listens.
 */
export async function runSimulator(values: SimulatorFlags): Promise<void> {
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new ConfigError(`--seed must be a whole number, not "${values.seed}"`);
  let speed;
  try {
    speed = parseSpeed(values.speed);
  } catch (err) {
    throw new ConfigError(`--speed: ${(err as Error).message}`);
  }

  const retryDelays = values.webhookRetryDelays?.split(',').map((d) => Number(d.trim()));
  if (retryDelays && retryDelays.some((d) => !Number.isInteger(d) || d < 0))
    throw new ConfigError(
      `--webhook-retry-delays must be whole simulated milliseconds, comma-separated (e.g. 1000,5000), not "${values.webhookRetryDelays}"`,
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
    readyAccount: values.readyAccount,
    mcpStatuses: values.mcpStatuses === true,
    ...(!values.rateLimits ? { rateLimits: false as const } : {}),
    ...(retryDelays ? { webhookRetryDelaysMs: retryDelays } : {}),
    ...(values.dataDir ? { dataDir: values.dataDir } : {}),
    ...(values.webhookUrl ? { webhookUrl: values.webhookUrl } : {}),
    ...(values.faults ? { faults: await readFaults(values.faults) } : {}),
    ...(personaMix ? { personaMix } : {}),
  });
  // Listen for signals before announcing the account: whoever reads the line may stop us at once.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const baseUrl = await simulator.listen({ port: values.port, host: values.host });
  const ready = !values.readyAccount ? {} : simulator.account;
  process.stdout.write(`${JSON.stringify({ baseUrl, ...ready })}\n`);
  logger.info({ baseUrl, speed, seed, dataDir: values.dataDir ?? null }, 'simulator listening');

  await stopped;
  logger.info('simulator shutting down');
  await simulator.close();
}
