/**
 * `--port` / `--host` are declared once (listenOptions in client/commands/command-kit.ts) for every
 * command that listens: the same help, the same refusal of a bad port before anything starts, and each
 * command's own default.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { listenOptions, parsePort, type CommandDeclaration } from '../../../client/commands/command-kit';
import { declaredActionArgs } from '../../../client/commands/declared-flags';
import * as codecServer from '../../../client/commands/codec-server';
import * as ingress from '../../../client/commands/ingress';
import * as mcp from '../../../client/commands/mcp';
import * as simulator from '../../../client/commands/simulator';
import { UsageError } from '../../../client/commands/shared';
import { usageRefusal } from '../../helpers/usage-refusal';

const LISTENING: [
  name: string,
  module: { command: CommandDeclaration; main: (argv: string[]) => Promise<number> },
  port: number | undefined,
][] = [
  ['codec-server', codecServer, 8888],
  ['simulator', simulator, 4010],
  ['ingress', ingress, 8080],
  ['mcp', mcp, undefined],
];

const flagsOf = (declare: CommandDeclaration, argv: string[]) =>
  declaredActionArgs(argv, declare)[0] as { port?: number; host: string };

describe('listenOptions', () => {
  test('a port is 0 to 65535, written in digits; anything else is refused naming --port', () => {
    for (const [text, port] of [
      ['0', 0],
      ['8080', 8080],
      ['65535', 65535],
      [' 443 ', 443],
    ] as const)
      assert.equal(parsePort(text), port, text);
    for (const bad of ['65536', '99999', '-1', 'x', '', '80.5', '0x50', '1e3', '123456'])
      assert.throws(
        () => parsePort(bad),
        (err: unknown) =>
          err instanceof UsageError && err.message === `--port: "${bad}" is not a port number (0 to 65535).`,
        bad,
      );
  });

  test('every listening command refuses a bad --port before it does anything (exit 2)', async () => {
    for (const [name, module] of LISTENING) {
      const argv = name === 'mcp' ? ['--http', '--port', '99999'] : ['--port', '99999'];
      assert.equal(
        await usageRefusal(module.main, argv),
        '--port: "99999" is not a port number (0 to 65535).',
        name,
      );
    }
  });

  test('each command keeps its own default port, 127.0.0.1 as host, and takes --port 0 as a number', () => {
    for (const [name, module, port] of LISTENING) {
      const base = name === 'mcp' ? ['--http'] : [];
      assert.deepEqual(
        { port: flagsOf(module.command, base).port, host: flagsOf(module.command, base).host },
        { port, host: '127.0.0.1' },
        name,
      );
      const chosen = flagsOf(module.command, [...base, '--port', '0', '--host', '0.0.0.0']);
      assert.deepEqual({ port: chosen.port, host: chosen.host }, { port: 0, host: '0.0.0.0' }, name);
    }
  });

  test('the help of --port and --host reads the same on every command, with its own note', () => {
    for (const [name, module] of LISTENING) {
      const help = (module.command(() => async () => {}) as { helpInformation(): string }).helpInformation();
      assert.match(help, /--port <n>\s+the port to listen on \(0: any free port\)/, name);
      assert.match(help, /--host <address>\s+the address to listen on/, name);
    }
    const { port, host } = listenOptions({ port: 1, portNote: '; only with --http', hostNote: ' (a note)' });
    assert.equal(port.description, 'the port to listen on (0: any free port); only with --http');
    assert.equal(host.description, 'the address to listen on (a note)');
    assert.equal(port.defaultValue, 1);
    assert.equal(listenOptions().port.defaultValue, undefined);
  });
});
