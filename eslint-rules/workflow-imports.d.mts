import type { Rule } from 'eslint';

/** The determinism guard of workflows/ (see workflow-imports.mjs). */
export declare const workflowImportsRule: Rule.RuleModule;
