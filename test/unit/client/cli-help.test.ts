import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS } from '../../../client/command-registry';
import { ringflowCommand, type AnyCommand } from '../../../client/commands/command-kit';
import { completionScript, completionTree } from '../../../client/commands/completion';
import { run } from '../../../client/cli';

// Nothing here may reach a server: a command that tried would fail on this address.
process.env.TEMPORAL_ADDRESS = '127.0.0.1:1';

/** Every command and subcommand of a declaration, with its full path. */
function walk(command: AnyCommand, path: string): { path: string; command: AnyCommand }[] {
  return [
    { path, command },
    ...command.commands.map((c: AnyCommand) => walk(c, `${path} ${c.name()}`)).flat(),
  ];
}

/** A declaration under a `ringflow` root, as runCommand parses it, so usage lines read "ringflow campaign start". */
function underRoot(command: AnyCommand): AnyCommand {
  ringflowCommand('ringflow', 'durable phone workflows for AgentPhone').addCommand(command);
  return command;
}

/** The `--help` text commander prints for `command`, "after" blocks (examples) included. */
function helpText(command: AnyCommand): string {
  let text = '';
  command.configureOutput({ writeOut: (s: string) => (text += s), writeErr: (s: string) => (text += s) });
  command.outputHelp();
  return text;
}

const declared = await Promise.all(
  Object.entries(COMMANDS).map(async ([name, registered]) => {
    const module = await registered.load();
    return { name, module };
  }),
);

test('every command is declared with commander', () => {
  const undeclared = declared.filter((d) => !d.module.command).map((d) => d.name);
  assert.deepEqual(undeclared, [], `commands without a commander declaration: ${undeclared.join(', ')}`);
});

test('every command and subcommand has --help with a description and examples', () => {
  const missing: string[] = [];
  for (const { name, module } of declared) {
    if (!module.command) continue;
    for (const node of walk(underRoot(module.command(() => async () => {}) as AnyCommand), name)) {
      const help = helpText(node.command);
      // A subcommand's help outside the ringflow root reads "Usage: campaign start …" (its parents' names).
      const usage = [`Usage: ringflow ${node.path}`, `Usage: ${node.path}`, `Usage: ${node.command.name()}`];
      if (!usage.some((line) => help.includes(line))) missing.push(`${node.path}: no usage line`);
      if (node.command.description().trim() === '') missing.push(`${node.path}: no description`);
      if (!/\nExamples:\n {2}\$ /.test(help)) missing.push(`${node.path}: no examples`);
    }
  }
  assert.deepEqual(missing, []);
});

test('every command that does something (a leaf) takes --json', () => {
  const without: string[] = [];
  for (const { name, module } of declared) {
    if (!module.command) continue;
    for (const node of walk(underRoot(module.command(() => async () => {}) as AnyCommand), name)) {
      if (node.command.commands.length > 0) continue;
      if (!node.command.options.some((o: { long?: string }) => o.long === '--json')) without.push(node.path);
    }
  }
  assert.deepEqual(without, [], `leaf commands without --json: ${without.join(', ')}`);
});

test('`ringflow <command> --help` exits 0 for every command, and a typo is refused with a suggestion', async () => {
  for (const { name } of declared) {
    const code = await run([name, '--help']);
    assert.equal(code, 0, `ringflow ${name} --help exited ${code}`);
  }
  assert.equal(await run(['--help']), 0);
  assert.equal(await run(['campain']), 2);
  assert.equal(await run(['call', '--tp', '+14155550123']), 2);
});

test('the bash completion script completes commands, subcommands and options in a real bash', async () => {
  const script = completionScript('bash', await completionTree());
  const dir = mkdtempSync(join(tmpdir(), 'ringflow-completion-'));
  const file = join(dir, 'ringflow.bash');
  writeFileSync(file, script);
  const complete = (...words: string[]) =>
    execFileSync(
      'bash',
      [
        '-c',
        `source ${JSON.stringify(file)}; COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); ` +
          `COMP_CWORD=${words.length - 1}; _ringflow; echo "\${COMPREPLY[*]}"`,
      ],
      { encoding: 'utf8' },
    ).trim();
  assert.equal(complete('ringflow', 'cal'), 'call');
  assert.deepEqual(complete('ringflow', 'ca').split(' ').sort(), ['call', 'campaign']);
  assert.match(complete('ringflow', 'call', '--'), /--to .*--prompt .*--json/);
  assert.equal(complete('ringflow', 'call', '--to', '+1415', '--pr'), '--prompt');
});
