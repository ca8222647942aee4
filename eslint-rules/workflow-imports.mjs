// The determinism guard of workflows/ as an allow-list: workflow code is replayed, so it may import
// only what is deterministic and does no I/O. Anything else must be a type-only import (activities,
// outcome types) or go through an activity. A new module joins the list on purpose, with a reason.
import { dirname, relative, resolve } from 'node:path';

/** Packages workflow code may import values from. */
const PACKAGES = new Set(['@temporalio/workflow', '@temporalio/common']);

/**
 * Project modules outside workflows/ that workflow code may import values from (pure, deterministic,
 * no tzdata or phone metadata), each with why it is safe.
 */
const PROJECT_MODULES = new Map([
  ['common/calendar', 'month and weekday names'],
  ['common/sms-consent', 'the HELP answer text'],
  ['common/task-queue', 'the default task queue name'],
  ['common/opt-out', 'the opt-out list rules: shard of a number key, scope (string maths only)'],
  ['outcome/recap-instruction', 'the closing-recap sentence of call scripts (a constant)'],
]);

/**
 * Files under workflows/ that are not workflow code: they validate and plan requests for the CLI and
 * for activities (zod, phone metadata, time zones), and workflow code must not import them.
 */
const NOT_WORKFLOW_CODE = /^workflows\/.*\/input\.ts$/;

export const workflowImportsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Workflow code imports only an allow-list of deterministic modules.' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
  },
  create(context) {
    const root = context.options[0]?.root ?? context.cwd;
    const file = relative(root, context.filename);
    if (NOT_WORKFLOW_CODE.test(file)) return {};
    const check = (node) => {
      if (!node.source) return;
      const typeOnly =
        node.importKind === 'type' ||
        node.exportKind === 'type' ||
        (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
      const source = node.source.value;
      const problem = problemOf(source, file, root, typeOnly);
      if (problem) context.report({ node: node.source, message: `${source}: ${problem}` });
    };
    return { ImportDeclaration: check, ExportAllDeclaration: check, ExportNamedDeclaration: check };
  },
};

function problemOf(source, file, root, typeOnly) {
  if (!source.startsWith('.')) {
    if (PACKAGES.has(source) || typeOnly) return undefined;
    return `workflow code may import only ${[...PACKAGES].join(', ')} (types from anything); do I/O in an activity.`;
  }
  const target = relative(root, resolve(root, dirname(file), source)).replace(/\.(ts|js)$/, '');
  if (NOT_WORKFLOW_CODE.test(`${target}.ts`))
    return 'not workflow code (validation and planning read tzdata and phone metadata): call the planning activity.';
  if (target.startsWith('workflows/') || typeOnly) return undefined;
  if (PROJECT_MODULES.has(target)) return undefined;
  return `not on the workflow allow-list (eslint-rules/workflow-imports.mjs): import its types only, or call an activity.`;
}
