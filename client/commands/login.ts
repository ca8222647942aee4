/**
 * `ringflow login --api-key-stdin`: stores an API key from the AgentPhone dashboard (read from stdin,
 * never argv, so it stays out of shell history and `ps`) once one API call shows it works.
 */
import { z } from 'zod';
import { agentPhoneEnv, parseEnv } from '../../common/process/config';
import { credentialsPathFromEnv } from '../../common/process/config/stored-api-key';
import { storeCheckedKey } from '../login';
import { CommandOutput } from '../output';
import { UsageError } from './shared';
import { jsonOption, ringflowCommand, runCommand, withExamples, type ExitCodeSink } from './command-kit';

const LoginEnvSchema = z.object(agentPhoneEnv);

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Where `login` reads the key and its variables (tests pass their own). */
export interface LoginCommandIo {
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

interface LoginFlags {
  apiKeyStdin?: boolean;
  json?: boolean;
}

/** The declaration of `ringflow login` (no side effects; `ringflow completion` reads it too). */
export function command(
  exitWith: ExitCodeSink,
  io: LoginCommandIo = { stdin: process.stdin, env: process.env },
) {
  return withExamples(
    ringflowCommand(
      'login',
      'store an API key from the AgentPhone dashboard once one API call shows it works ' +
        '(RINGFLOW_CREDENTIALS_FILE, default ~/.config/ringflow/credentials.json, mode 0600)',
    )
      .option(
        '--api-key-stdin',
        'read the key from stdin (never from argv: shell history and `ps` would keep it)',
      )
      .addOption(jsonOption())
      // A key typed as an argument is refused by name below, not as commander's "too many arguments".
      .allowExcessArguments(true)
      .action(exitWith((flags: LoginFlags, self: { args: string[] }) => login(flags, self.args, io))),
    [
      'pbpaste | ringflow login --api-key-stdin',
      ['ringflow login --api-key-stdin --json < key.txt', 'prints {stored, credentialsFile, keyFingerprint}'],
    ],
  );
}

export const main = (
  argv: string[],
  io: LoginCommandIo = { stdin: process.stdin, env: process.env },
): Promise<number> => runCommand(argv, (exitWith) => command(exitWith, io));

async function login(flags: LoginFlags, args: string[], io: LoginCommandIo): Promise<number> {
  if (args.length > 0 || !flags.apiKeyStdin)
    throw new UsageError(
      'Give the key on stdin with --api-key-stdin (never as an argument); nothing was stored. ' +
        'Example: pbpaste | ringflow login --api-key-stdin',
    );
  const output = new CommandOutput({ json: flags.json });
  const config = parseEnv(LoginEnvSchema, io.env, 'login');
  const credentialsFile = credentialsPathFromEnv(io.env);
  try {
    const stored = await storeCheckedKey({
      apiKey: await readStdin(io.stdin),
      baseUrl: config.AGENTPHONE_BASE_URL,
      credentialsFile,
      timeoutMs: config.AGENTPHONE_TIMEOUT_MS,
    });
    output.result(
      { stored: true, credentialsFile, keyFingerprint: stored.fingerprint },
      `Key ${stored.fingerprint} works; stored in ${credentialsFile} (mode 0600).`,
    );
    return 0;
  } catch (err) {
    if ((err as Error).name === 'LoginRefusedError') throw new UsageError((err as Error).message);
    throw err;
  }
}
