import { Context } from '@temporalio/activity';
import type { Logger } from '../common/logger';

/** What activities need from the outside world; worker/main.ts builds it once, tests inject fakes. */
export interface ActivityDeps {
  logger: Logger;
}

/**
 * Builds ringflow's activities. Each returned function is one activity with one side effect.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    /** Answers a self-check round trip; no side effect. */
    async ping(note: string): Promise<{ note: string; answeredBy: string }> {
      const answeredBy = `worker pid ${process.pid} on task queue ${Context.current().info.taskQueue}`;
      deps.logger.debug({ note }, 'ping');
      return { note, answeredBy };
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
