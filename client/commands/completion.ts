/**
 * `ringflow completion bash|zsh|fish`: a shell completion script for every command, subcommand and
 * option, generated from the commands' own commander declarations (so it can never drift from them).
 *
 *   source <(ringflow completion bash)                     # bash, this shell
 *   ringflow completion zsh > "${fpath[1]}/_ringflow"       # zsh
 *   ringflow completion fish > ~/.config/fish/completions/ringflow.fish
 */
import { COMMANDS } from '../command-registry';
import { CommandOutput } from '../output';
import {
  jsonOption,
  ringflowCommand,
  runCommand,
  withExamples,
  type AnyCommand,
  type ExitCodeSink,
} from './command-kit';
import { UsageError } from './shared';

/** One node of the command tree: its words from the root, options, subcommands. */
export interface CompletionNode {
  /** e.g. "campaign start"; "" for the root. */
  path: string;
  summary: string;
  /** Long and short flags, e.g. ["--file", "--json", "-h", "--help"]. */
  options: string[];
  children: CompletionNode[];
}

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

export function command(exitWith: ExitCodeSink) {
  return withExamples(
    ringflowCommand('completion', 'print a shell completion script for ringflow')
      .argument('<shell>', `one of ${SHELLS.join(', ')}`)
      .addOption(jsonOption())
      .action(
        exitWith(async (shell: string, flags: { json?: boolean }) => {
          if (!(SHELLS as readonly string[]).includes(shell))
            throw new UsageError(`<shell>: "${shell}" is not one of ${SHELLS.join(', ')}.`);
          const tree = await completionTree();
          const script = completionScript(shell as Shell, tree);
          // --json: the script and the command tree it was made from, for an editor or an agent.
          new CommandOutput(flags).result({ shell, script, commands: tree }, script.trimEnd());
        }),
      ),
    [
      ['source <(ringflow completion bash)', 'bash, in this shell (add the line to ~/.bashrc to keep it)'],
      ['ringflow completion zsh > "${fpath[1]}/_ringflow"', 'zsh'],
      ['ringflow completion fish > ~/.config/fish/completions/ringflow.fish', 'fish'],
    ],
  );
}

export const main = (argv: string[]): Promise<number> => runCommand(argv, command);

/** Every registered command's tree; a module without a declaration contributes its name and summary. */
export async function completionTree(): Promise<CompletionNode> {
  const children: CompletionNode[] = [];
  for (const [name, registered] of Object.entries(COMMANDS)) {
    const module = await registered.load();
    const declared = module.command ? (module.command(() => async () => {}) as AnyCommand) : undefined;
    children.push(
      declared
        ? nodeOf(declared, name)
        : { path: name, summary: registered.summary, options: ['--help'], children: [] },
    );
  }
  return { path: '', summary: 'ringflow', options: ['--help', '--version'], children };
}

function nodeOf(command: AnyCommand, path: string): CompletionNode {
  const options = command.options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f));
  return {
    path,
    summary: command.description(),
    options: [...options, '--help'],
    children: command.commands.map((c) => nodeOf(c, `${path} ${c.name()}`)),
  };
}

function allNodes(node: CompletionNode): CompletionNode[] {
  return [node, ...node.children.flatMap(allNodes)];
}

/** The script for `shell`. */
export function completionScript(shell: Shell, tree: CompletionNode): string {
  if (shell === 'fish') return fishScript(tree);
  const bash = bashScript(tree);
  // zsh runs the bash function through its bash-completion emulation.
  return shell === 'zsh' ? `#compdef ringflow\nautoload -U +X bashcompinit && bashcompinit\n${bash}` : bash;
}

/**
 * A bash function that finds the deepest known command path among the words typed so far (options and
 * their values are skipped because they are not paths) and offers that path's subcommands and options.
 */
function bashScript(tree: CompletionNode): string {
  const nodes = allNodes(tree);
  const cases = nodes
    .map((n) => {
      const words = [...n.children.map((c) => c.path.split(' ').at(-1)!), ...n.options];
      return `    ${JSON.stringify(n.path)}) echo ${shellQuote(words.join(' '))} ;;`;
    })
    .join('\n');
  return `# ringflow completion (bash): source <(ringflow completion bash)
_ringflow_words() {
  case "$1" in
${cases}
    *) return 1 ;;
  esac
}
_ringflow() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" candidate i
  for ((i = 1; i < COMP_CWORD; i++)); do
    candidate="\${path:+$path }\${COMP_WORDS[i]}"
    _ringflow_words "$candidate" >/dev/null && path="$candidate"
  done
  COMPREPLY=($(compgen -W "$(_ringflow_words "$path")" -- "$cur"))
}
complete -o default -F _ringflow ringflow
`;
}

function fishScript(tree: CompletionNode): string {
  const lines = ['# ringflow completion (fish)', 'complete -c ringflow -f'];
  const top = tree.children.map((c) => c.path).join(' ');
  for (const child of tree.children) {
    lines.push(
      `complete -c ringflow -n "not __fish_seen_subcommand_from ${top}" -a ${shellQuote(child.path)} -d ${shellQuote(firstLine(child.summary))}`,
    );
    for (const sub of child.children) {
      const name = sub.path.split(' ').at(-1)!;
      lines.push(
        `complete -c ringflow -n "__fish_seen_subcommand_from ${child.path}" -a ${shellQuote(name)} -d ${shellQuote(firstLine(sub.summary))}`,
      );
    }
    for (const node of allNodes(child))
      for (const option of node.options.filter((o) => o.startsWith('--')))
        lines.push(
          `complete -c ringflow -n "__fish_seen_subcommand_from ${node.path.split(' ').at(-1)}" -l ${option.slice(2)}`,
        );
  }
  return `${lines.join('\n')}\n`;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 80);
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
