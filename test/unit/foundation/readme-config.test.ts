/**
 * README.md's configuration table is the user's reference: it must list exactly the variables the
 * processes' schemas read, with the defaults the schemas apply.
 */
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { z } from 'zod';
import { CommandEnvSchema } from '../../../client/commands/shared';
import { IngressEnvSchema } from '../../../client/commands/ingress';
import { McpEnvSchema } from '../../../client/commands/mcp';
import { CodecServerEnvSchema } from '../../../client/commands/codec-server';
import { OutcomeConfigSchema } from '../../../outcome/config';
import { SimulatorEnvSchema } from '../../../simulator/main';
import { StackEnvSchema } from '../../../stack/start';
import { PROJECT_ROOT, TemporalServerEnvSchema } from '../../../stack/temporal-server';
import { ConfigSchema } from '../../../worker/config';

/** Every process's env schema: worker, `npm start`, operator commands, ingress, simulator, outcome, server lookup. */
const PROCESS_SCHEMAS: Record<string, z.ZodObject> = {
  worker: ConfigSchema,
  stack: StackEnvSchema,
  commands: CommandEnvSchema,
  ingress: IngressEnvSchema,
  mcp: McpEnvSchema,
  'codec server': CodecServerEnvSchema,
  simulator: SimulatorEnvSchema,
  outcome: OutcomeConfigSchema,
  'temporal server': TemporalServerEnvSchema,
};

/** One documented variable: its name and the default the table gives (undefined for "–" or prose). */
interface DocumentedVariable {
  name: string;
  defaultText: string | undefined;
}

/**
 * Reads the table under "## Configuration". A row may document several variables (`A` / `B`), with
 * their defaults in the same order; a default is a literal only when the cell is one code span.
 */
function documentedVariables(readme: string): DocumentedVariable[] {
  const section = readme.split(/^## Configuration$/m)[1]?.split(/^## /m)[0];
  assert.ok(section, 'README.md has a "## Configuration" section');
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2); // the header and its separator
  assert.ok(rows.length > 0, 'the configuration table has rows');
  return rows.flatMap((row) => {
    const [names = '', defaults = ''] = row
      .split('|')
      .slice(1)
      .map((cell) => cell.trim());
    const variables = [...names.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!);
    const defaultCells = variables.length > 1 ? defaults.split(' / ') : [defaults];
    assert.equal(defaultCells.length, variables.length, `defaults of ${variables.join(', ')} pair up`);
    return variables.map((name, i) => {
      const literal = /^`([^`]+)`$/.exec(defaultCells[i]!.trim());
      return { name, defaultText: literal?.[1] };
    });
  });
}

/** The schema's default for a variable as the table would write it, or undefined when it has none. */
function schemaDefault(field: z.ZodType): string | undefined {
  if (field.def.type !== 'default') return undefined;
  const value: unknown = field.parse(undefined);
  const text = String(value);
  // Paths default inside the project; the table names them relative to it.
  return isAbsolute(text) ? relative(PROJECT_ROOT, text) : text;
}

/** Every variable any schema reads, with the field that reads it (the first process's, if several). */
function schemaVariables(): Map<string, { field: z.ZodType; processes: string[] }> {
  const variables = new Map<string, { field: z.ZodType; processes: string[] }>();
  for (const [process, schema] of Object.entries(PROCESS_SCHEMAS)) {
    for (const [name, field] of Object.entries(schema.shape)) {
      const known = variables.get(name);
      if (known) known.processes.push(process);
      else variables.set(name, { field, processes: [process] });
    }
  }
  return variables;
}

/**
 * The variable names under `environment:` of the services built from this repository (`build: .`).
 * The file is plain block YAML, two-space indented, so reading it by indentation is enough here.
 */
function composeVariables(yaml: string): string[] {
  const services = yaml.split(/^  (?=[a-z][\w-]*:$)/m).filter((block) => /^    build: \.$/m.test(block));
  return services.flatMap((block) => {
    const environment = block.split(/^    environment:$/m)[1] ?? '';
    return [...environment.matchAll(/^      ([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);
  });
}

describe("README's configuration table", () => {
  // Read inside each test, so a table that cannot be parsed fails a test rather than the suite's setup.
  let documented: DocumentedVariable[] = [];
  let declared = new Map<string, { field: z.ZodType; processes: string[] }>();
  beforeEach(() => {
    documented = documentedVariables(readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8'));
    declared = schemaVariables();
  });

  test('documents every variable a schema reads', () => {
    const names = new Set(documented.map((v) => v.name));
    const missing = [...declared]
      .filter(([name]) => !names.has(name))
      .map(([name, v]) => `${name} (${v.processes.join(', ')})`);
    assert.deepEqual(missing, []);
  });

  test('documents no variable that no schema reads', () => {
    assert.deepEqual(
      documented.filter((v) => !declared.has(v.name)).map((v) => v.name),
      [],
    );
  });

  test('documents each variable once', () => {
    const names = documented.map((v) => v.name);
    assert.deepEqual(
      names.filter((name, i) => names.indexOf(name) !== i),
      [],
    );
  });

  test('gives the default a schema applies, and none where a schema applies none', () => {
    const mismatches = documented.flatMap(({ name, defaultText }) => {
      const field = declared.get(name)?.field;
      if (!field) return [];
      const actual = schemaDefault(field);
      return actual === defaultText
        ? []
        : [`${name}: README ${defaultText ?? '(none)'}, schema ${actual ?? '(none)'}`];
    });
    assert.deepEqual(mismatches, []);
  });

  test("docker-compose.yml's ringflow services set only variables a schema reads", () => {
    const set = composeVariables(readFileSync(join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8'));
    assert.ok(set.length > 0, 'the ringflow services have an environment');
    assert.deepEqual(
      set.filter((name) => !declared.has(name)),
      [],
    );
  });

  test('a variable read by several processes has the same default in each', () => {
    const differing = [...declared.keys()].flatMap((name) => {
      const defaults = new Set(
        Object.values(PROCESS_SCHEMAS)
          .map((schema) => (schema.shape as Record<string, z.ZodType>)[name])
          .filter((field): field is z.ZodType => field !== undefined)
          .map((field) => schemaDefault(field) ?? '(none)'),
      );
      return defaults.size > 1 ? [`${name}: ${[...defaults].join(' vs ')}`] : [];
    });
    assert.deepEqual(differing, []);
  });
});
