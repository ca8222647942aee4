/**
 * What the commander migration added to cli-a's commands: typo suggestions for subcommands, the ready
 * line of a long-running process as ONE JSON line on stdout (`--json`, logs on stderr), and refusals
 * for --json where stdout already has another job.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { runCli } from '../../helpers/processes';
import { usageRefusal } from '../../helpers/usage-refusal';
import { main as reservation } from '../../../client/commands/reservation';
import { main as ingress } from '../../../client/commands/ingress';
import { main as completion } from '../../../client/commands/completion';
import { mcpOptionsFromFlags } from '../../../client/commands/mcp';
import { run } from '../../../client/cli';

// Nothing here may reach a server: a command that tried would fail on this address.
process.env.TEMPORAL_ADDRESS = '127.0.0.1:1';

test('a subcommand typo is refused with the nearest subcommand, before anything connects', async () => {
  assert.match(
    await usageRefusal(reservation, ['statsu', 'r-1']),
    /^unknown command 'statsu'\n\(Did you mean status\?\)\n\(see `ringflow reservation --help`\)/,
  );
  assert.match(
    await usageRefusal(reservation, ['reply', 'r-1']),
    /missing required argument 'YES\|NO\|time'/,
  );
  assert.match(
    await usageRefusal(reservation, ['reply', 'r-1', 'ye\u0007s']),
    /^<answer>: contains the control character U\+0007 .*reservation r-1: nothing was answered/,
  );
});

/** Runs `work` with the strings it writes to stdout and stderr kept (the runner's own bytes pass). */
async function captured<T>(work: () => Promise<T>): Promise<{ value: T; text: string }> {
  let text = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const keep =
    (write: typeof out) =>
    (chunk: string | Uint8Array, ...rest: never[]): boolean =>
      typeof chunk === 'string' ? ((text += chunk), true) : write(chunk, ...rest);
  process.stdout.write = keep(out);
  process.stderr.write = keep(err);
  try {
    return { value: await work(), text };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

test('`ringflow help <command> <subcommand>` and `<command> <subcommand> --help` exit 0', async () => {
  const help = await captured(() => run(['help', 'suppress', 'import']));
  assert.equal(help.value, 0);
  assert.match(help.text, /Usage: ringflow suppress import \[options\] <file>/);
  assert.match(help.text, /\$ ringflow suppress import dnc\.csv --skip-invalid --json/);
  const reply = await captured(() => run(['reservation', 'reply', '--help']));
  assert.equal(reply.value, 0);
  assert.match(reply.text, /Usage: ringflow reservation reply \[options\] <requestId> <YES\|NO\|time\.\.\.>/);
  const typo = await captured(() => run(['suppress', 'chek']));
  assert.equal(typo.value, 2);
  assert.match(typo.text, /Did you mean check\?/);
});

test('a server refuses a bad port by its flag', async () => {
  assert.match(await usageRefusal(ingress, ['--port', '99999']), /^--port: "99999" is not a port number/);
  assert.match(await usageRefusal(ingress, ['--prot', '8080']), /Did you mean --port\?/);
});

test('mcp --json goes with --http only: under stdio, stdout is the protocol', () => {
  assert.throws(() => mcpOptionsFromFlags(['--json'], undefined), /--json goes with --http/);
  assert.deepEqual(mcpOptionsFromFlags(['--http', '--port', '0', '--json'], 'x'.repeat(32)), {
    transport: 'http',
    port: 0,
    host: '127.0.0.1',
  });
});

test('completion --json carries the script and the command tree it was made from', async () => {
  const { value, text: out } = await captured(() => completion(['bash', '--json']));
  assert.equal(value, 0);
  const printed = JSON.parse(out) as {
    shell: string;
    script: string;
    commands: { children: { path: string; children: { path: string }[] }[] };
  };
  assert.equal(printed.shell, 'bash');
  assert.match(printed.script, /complete -o default -F _ringflow ringflow/);
  const suppress = printed.commands.children.find((c) => c.path === 'suppress');
  assert.deepEqual(
    suppress?.children.map((c) => c.path),
    [
      'suppress add',
      'suppress remove',
      'suppress check',
      'suppress list',
      'suppress import',
      'suppress export',
    ],
  );
});

/** The first line the process prints on stdout (its ready line), then stops it. */
async function firstStdoutLine(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const cli = runCli(args, env);
  try {
    const lines = createInterface({ input: cli.child.stdout });
    const exited = cli.exited().then((code) => {
      throw new Error(`exited ${code} before a ready line:\n${cli.output()}`);
    });
    return await Promise.race([new Promise<string>((resolve) => lines.once('line', resolve)), exited]);
  } finally {
    await cli.stop();
  }
}

test('codec-server --json: the first stdout line is the ready line, as one JSON object', async () => {
  const line = await firstStdoutLine(
    ['codec-server', '--port', '0', '--json', '--origin', 'http://ui:8233'],
    {
      ...process.env,
      RINGFLOW_CODEC_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      LOG_LEVEL: 'info',
    },
  );
  const ready = JSON.parse(line) as Record<string, unknown>;
  assert.equal(ready.service, 'codec-server');
  assert.match(String(ready.url), /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(ready.decode, `${String(ready.url)}/decode`);
  assert.deepEqual(ready.origins, ['http://ui:8233']);
});

test('simulator --json: the first stdout line is the ready account, as one JSON object', async () => {
  const line = await firstStdoutLine(['simulator', '--port', '0', '--speed', 'instant', '--json'], {
    ...process.env,
    LOG_LEVEL: 'info',
  });
  const ready = JSON.parse(line) as Record<string, unknown>;
  assert.match(String(ready.baseUrl), /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.match(String(ready.agentId), /^agt_/);
});
