/**
 * The task queue ringflow's worker polls and every client starts workflows on, unless
 * RINGFLOW_TASK_QUEUE names another. Pure, so workflows (workflows/messages.ts) and the configuration
 * share this one constant.
 */
export const DEFAULT_TASK_QUEUE = 'ringflow';
