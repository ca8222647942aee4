/**
 * Every signal, query and update name of ringflow's workflows, and the task queue names. Both
 * workflows/ and client/ import this file, so a wire name is written once.
 */
export const TASK_QUEUE = 'ringflow';
