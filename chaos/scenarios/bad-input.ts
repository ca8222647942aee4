/**
 * Scenario 7: the bad-input corpus (`chaos/corpus/bad-input.json`) through every command — bad and
 * emergency numbers, broken CSVs, missing template variables, absurd sizes, control characters. Each
 * case must be refused with the documented exit code, a message that names the flag, field or file
 * (and no stack trace), and no side effect: zero AgentPhone requests, no new workflow.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../stack/temporal-server';
import type { CaseOutcome, CorpusCase } from '../corpus/run-cases';
import { withStack, type Scenario } from '../scenario';
import type { ChaosStack } from '../stack';
import { EXIT } from '../../client/exit-codes';

export const CORPUS_FILE = join(PROJECT_ROOT, 'chaos', 'corpus', 'bad-input.json');

async function workflowCount(stack: ChaosStack): Promise<number> {
  let n = 0;
  for await (const _ of stack.client.workflow.list()) n += 1;
  return n;
}

function runCorpus(stack: ChaosStack): Promise<CaseOutcome[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(PROJECT_ROOT, 'chaos', 'corpus', 'run-cases.ts'),
        CORPUS_FILE,
        join(stack.dir, 'corpus'),
        stack.account.agentId,
      ],
      {
        cwd: PROJECT_ROOT,
        env: { ...stack.commandEnv, LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as CaseOutcome[]);
      } catch {
        reject(new Error(`the corpus runner exited ${code}:\n${out.slice(-2000)}\n${err.slice(-2000)}`));
      }
    });
  });
}

export const badInput: Scenario = {
  name: 'bad-input',
  async run(context) {
    const cases = JSON.parse(readFileSync(CORPUS_FILE, 'utf8')) as CorpusCase[];
    return withStack(context, { label: 'bad-input', speed: 'instant' }, async (stack) => {
      const problems: string[] = [];
      await fetch(`${stack.account.baseUrl}/_sim/requests`, { method: 'DELETE' });
      const workflowsBefore = await workflowCount(stack);
      const outcomes = await runCorpus(stack);
      const requests = await stack.list<{ method: string; path: string }>('/_sim/requests');
      const workflowsAfter = await workflowCount(stack);
      for (const [i, c] of cases.entries()) {
        const o = outcomes[i];
        if (!o) {
          problems.push(`${c.name}: no outcome`);
          continue;
        }
        const wantCode = c.exitCode ?? EXIT.badInput;
        const firstLine = o.output.trim().split('\n')[0]?.slice(0, 160) ?? '';
        if (o.code !== wantCode)
          problems.push(`${c.name}: exit ${o.code}, expected ${wantCode} — ${firstLine}`);
        else if (!o.output.includes(c.expect))
          problems.push(`${c.name}: the message does not name ${c.expect} — ${firstLine}`);
        else if (/\n\s+at .+:\d+:\d+\)?\n/.test(o.output))
          problems.push(`${c.name}: a stack trace instead of a refusal — ${firstLine}`);
      }
      if (requests.length > 0)
        problems.push(
          `${requests.length} AgentPhone request(s) during the corpus: ${[...new Set(requests.map((r) => `${r.method} ${r.path}`))].slice(0, 5).join(', ')}`,
        );
      if (workflowsAfter !== workflowsBefore)
        problems.push(`${workflowsAfter - workflowsBefore} workflow(s) started by refused input`);
      return {
        figures: `${cases.length} bad inputs through ${new Set(cases.map((c) => c.argv[0])).size} commands, ${outcomes.filter((o, i) => o.code === (cases[i]?.exitCode ?? EXIT.badInput)).length} refused as documented, ${requests.length} AgentPhone requests, ${workflowsAfter - workflowsBefore} workflows started`,
        problems,
      };
    });
  },
};
