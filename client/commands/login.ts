/**
 * `ringflow login --api-key-stdin`: stores an API key from the AgentPhone dashboard (read from stdin,
 * never argv, so it stays out of shell history and `ps`) once one API call shows it works.
 */
import { z } from 'zod';
import { agentPhoneEnv, parseEnv } from '../../common/process/config';
import { credentialsPathFromEnv } from '../../common/process/config/stored-api-key';
import { storeCheckedKey } from '../login';
import { parseFlags, printJson, UsageError } from './shared';

const USAGE = `Usage: ringflow login --api-key-stdin [--json]
Example: pbpaste | ringflow login --api-key-stdin
Stores the key in RINGFLOW_CREDENTIALS_FILE (default ~/.config/ringflow/credentials.json), mode 0600.`;

const LoginEnvSchema = z.object(agentPhoneEnv);

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export async function main(
  argv: string[],
  io: { stdin: NodeJS.ReadableStream; env: NodeJS.ProcessEnv } = { stdin: process.stdin, env: process.env },
): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    { 'api-key-stdin': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
    USAGE,
  );
  if (positionals.length > 0 || !values['api-key-stdin'])
    throw new UsageError(`Give the key on stdin with --api-key-stdin (never as an argument).\n\n${USAGE}`);
  const config = parseEnv(LoginEnvSchema, io.env, 'login');
  const credentialsFile = credentialsPathFromEnv(io.env);
  try {
    const stored = await storeCheckedKey({
      apiKey: await readStdin(io.stdin),
      baseUrl: config.AGENTPHONE_BASE_URL,
      credentialsFile,
      timeoutMs: config.AGENTPHONE_TIMEOUT_MS,
    });
    if (values.json) printJson({ stored: true, credentialsFile, keyFingerprint: stored.fingerprint });
    else console.log(`Key ${stored.fingerprint} works; stored in ${credentialsFile} (mode 0600).`);
    return 0;
  } catch (err) {
    if ((err as Error).name === 'LoginRefusedError') throw new UsageError((err as Error).message);
    throw err;
  }
}
