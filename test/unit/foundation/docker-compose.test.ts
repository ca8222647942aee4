/**
 * docker-compose.yml is for users with a Docker engine, which the development machines and CI lack, so
 * it is checked here: valid against the Compose Specification's schema, set up the way the README says
 * (Temporal's admin tools prepare PostgreSQL, no auto-setup image, replicas, a simulator profile), and
 * passing ringflow's processes only variables their config schemas read.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019, { type ValidateFunction } from 'ajv/dist/2019';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { CodecServerEnvSchema } from '../../../client/commands/codec-server';
import { IngressEnvSchema } from '../../../client/commands/ingress';
import { SimulatorEnvSchema } from '../../../simulator/main';
import { PROJECT_ROOT } from '../../../stack/temporal-server';
import { ConfigSchema } from '../../../worker/config';

// yaml and ajv are pinned devDependencies: the Compose file is parsed and checked against the spec's
// JSON Schema (draft 2019-09) here, since no Docker engine is at hand.
interface ComposeService {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
  deploy?: { replicas?: number };
  volumes?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

const composeText = readFileSync(join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8');
const compose = parseYaml(composeText) as ComposeFile;

/** The config schema of the ringflow command a service built from this repository runs. */
const SCHEMA_OF_COMMAND: Record<string, z.ZodObject> = {
  worker: ConfigSchema,
  ingress: IngressEnvSchema,
  'codec-server': CodecServerEnvSchema,
  simulator: SimulatorEnvSchema,
};

/**
 * The vendored schema, ready for ajv: its `$schema` names the 2019-09 meta-schema by an `http:` URI with
 * a trailing `#`, which ajv registers as `https:` without one, so the draft is chosen by the Ajv2019
 * class instead; its draft-04 `id`s are dropped; its formats of its own (`duration`, `ports`, …) are
 * accepted as they are, since Compose itself parses them.
 */
function composeSchemaValidator(): ValidateFunction {
  const schema = JSON.parse(
    readFileSync(join(PROJECT_ROOT, 'test/fixtures/compose-spec/compose-spec.json'), 'utf8'),
  ) as Record<string, unknown>;
  delete schema.$schema;
  dropDraft4Ids(schema);
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  for (const format of ['duration', 'ports', 'expose', 'subnet_ip_address']) ajv.addFormat(format, true);
  return ajv.compile(schema);
}

/**
 * Removes draft-04 `id` annotations (string values; a compose field named `id` would be an object under
 * `properties`). The schema's `$ref`s are JSON pointers, so the ids carry no meaning for validation.
 */
function dropDraft4Ids(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (typeof record.id === 'string') delete record.id;
  for (const child of Object.values(record)) dropDraft4Ids(child);
}

describe('docker-compose.yml', () => {
  test("is valid against the Compose Specification's JSON schema", () => {
    const validate = composeSchemaValidator();
    assert.ok(validate(compose), JSON.stringify(validate.errors, null, 2));
  });

  test('the schema check can fail: a misspelt service key or a string replica count is refused', () => {
    const validate = composeSchemaValidator();
    const misspelt = structuredClone(compose) as unknown as {
      services: Record<string, Record<string, unknown>>;
    };
    misspelt.services.worker!.replica = 2;
    assert.equal(validate(misspelt), false);
    const stringly = structuredClone(compose);
    stringly.services.worker!.deploy = { replicas: 'two' as unknown as number };
    assert.equal(validate(stringly), false);
  });

  test("Temporal's schema is set up by the admin tools, once, before the server starts (no auto-setup)", () => {
    const { services } = compose;
    const images = Object.values(services).map((s) => s.image ?? '');
    assert.deepEqual(
      images.filter((i) => i.includes('auto-setup')),
      [],
      'the deprecated auto-setup image is not used',
    );
    const setup = services['temporal-schema']!;
    assert.match(setup.image!, /^temporalio\/admin-tools:/);
    const script = (setup.command ?? []).join('\n');
    for (const db of ['temporal', 'temporal_visibility']) assert.match(script, new RegExp(`\\b${db}\\b`));
    for (const step of ['create', 'setup-schema', 'update-schema']) assert.match(script, new RegExp(step));
    assert.match(services.temporal!.image!, /^temporalio\/server:/);
    assert.equal(
      services.temporal!.depends_on!['temporal-schema']!.condition,
      'service_completed_successfully',
    );
    assert.match(services.temporal!.environment!.DB as string, /^postgres/);
  });

  test('workers and ingresses run as replicas; the simulator and the codec server only under profiles', () => {
    const { services } = compose;
    assert.ok((services.worker!.deploy?.replicas ?? 1) >= 2);
    assert.ok((services.ingress!.deploy?.replicas ?? 1) >= 2);
    assert.deepEqual(services.simulator!.profiles, ['simulator']);
    assert.deepEqual(services['codec-server']!.profiles, ['codec']);
    assert.ok('TEMPORAL_CODEC_ENDPOINT' in services['temporal-ui']!.environment!);
  });

  test("passes each ringflow service only variables its process's config schema reads", () => {
    const built = Object.entries(compose.services).filter(([, s]) => s.build === '.');
    assert.ok(built.length >= 4, 'worker, ingress, codec server and simulator are built here');
    const unknown = built.flatMap(([name, service]) => {
      const command = service.command?.[2];
      const schema = command ? SCHEMA_OF_COMMAND[command] : undefined;
      assert.ok(schema, `${name} runs a known ringflow command (${command})`);
      return Object.keys(service.environment ?? {})
        .filter((variable) => !(variable in schema.shape))
        .map((variable) => `${name}: ${variable}`);
    });
    assert.deepEqual(unknown, []);
  });

  test('the Temporal server mounts the dynamic config ringflow relies on (eager activities), and it exists', () => {
    const temporal = compose.services.temporal!;
    const mount = temporal.volumes?.find((v) => v.includes('dynamicconfig'));
    assert.ok(mount, 'the temporal service mounts a dynamic config file');
    const [hostPath, containerPath] = mount.split(':');
    assert.equal(temporal.environment?.DYNAMIC_CONFIG_FILE_PATH, containerPath);
    const config = parseYaml(readFileSync(join(PROJECT_ROOT, hostPath!), 'utf8')) as Record<
      string,
      { value: unknown }[]
    >;
    assert.deepEqual(config['system.enableActivityEagerExecution'], [{ value: true }]);
  });
});
