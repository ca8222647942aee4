import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { workflowImportsRule } from '../../../eslint-rules/workflow-imports.mjs';
import { PROJECT_ROOT } from '../../../stack/temporal-server';

/** Lints `code` as if it were the file `path` (relative to the project) with the workflow rule alone. */
function problems(path: string, code: string): string[] {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { ringflow: { rules: { 'workflow-imports': workflowImportsRule } } },
        rules: { 'ringflow/workflow-imports': ['error', { root: PROJECT_ROOT }] },
      },
    ],
    { filename: join(PROJECT_ROOT, path) },
  );
  return messages.map((m) => m.message.split(': ')[0]!);
}

test('workflow code may import the workflow SDK, workflows/ and the named pure modules', () => {
  const code = [
    "import { sleep } from '@temporalio/workflow';",
    "import { ApplicationFailure } from '@temporalio/common';",
    "import { callWorkflow } from '../call';",
    "import { MONTH_NAMES } from '../../common/calendar';",
    "import type { Activities } from '../../activities';",
    "import type { ReservationOutcome } from '../../outcome/reservation';",
  ].join('\n');
  assert.deepEqual(problems('workflows/reservation/steps.ts', code), []);
});

test('workflow code may not import Node, I/O packages, process plumbing, activities or input.ts', () => {
  const code = [
    "import { readFileSync } from 'node:fs';",
    "import { request } from 'undici';",
    "import { z } from 'zod';",
    "import { createActivities } from '../../activities';",
    "import { createLogger } from '../../common/process/logger';",
    "import { planReservation } from './input';",
    "import { toE164 } from '../../agentphone/phone';",
  ].join('\n');
  assert.deepEqual(problems('workflows/reservation/steps.ts', code), [
    'node:fs',
    'undici',
    'zod',
    '../../activities',
    '../../common/process/logger',
    './input',
    '../../agentphone/phone',
  ]);
});

test('input.ts (validation and planning for the CLI and activities) is not workflow code', () => {
  assert.deepEqual(problems('workflows/reservation/input.ts', "import { z } from 'zod';"), []);
});
