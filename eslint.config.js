// Lint: type-aware TypeScript rules everywhere, plus the determinism guard for workflows/.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.tools/',
      '.ringflow/',
      'dist/',
      'coverage/',
      'bin/',
      '**/*.mjs',
      'eslint.config.js',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test()/describe() return promises the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
    },
  },
  {
    // Workflow code is replayed: it must be deterministic and do no I/O. Activities do the I/O.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'No Node built-ins in workflow code (not deterministic).',
            })),
            { name: 'undici', message: 'No I/O in workflows: call an activity.' },
            { name: 'pino', message: 'Log with `log` from @temporalio/workflow (replay-safe).' },
            { name: 'fastify', message: 'No I/O in workflows: call an activity.' },
            { name: '@temporalio/client', message: 'Workflows use @temporalio/workflow, not the client.' },
            { name: '@temporalio/worker', message: 'Workflows use @temporalio/workflow, not the worker.' },
          ],
          patterns: [
            {
              // agentphone/phone is pure (number parsing and the dialable check), so workflows may use it.
              regex:
                '(^|/)(agentphone(/(?!phone$).*)?|simulator(/.*)?|common/process(/.*)?|outcome/extractors|outcome/llm.*)$',
              allowTypeImports: true,
              message: 'No I/O modules in workflows: import types only, call activities for effects.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() in a loop from @temporalio/workflow.' },
        { name: 'fetch', message: 'No I/O in workflows: call an activity.' },
        { name: 'process', message: 'No process access in workflows.' },
      ],
    },
  },
);
