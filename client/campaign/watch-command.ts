/** `ringflow campaign watch <id> [--json]`: the command around {@link watchCampaign}. */
import { WorkflowNotFoundError } from '@temporalio/client';
import { getCampaignStatusQuery, workflowIds } from '../../workflows/messages';
import { commandClient, UsageError } from '../commands/shared';
import { watchCampaign } from './watch';

export async function watchCommand(id: string, flags: { json?: boolean | undefined }): Promise<number> {
  const { client, close } = await commandClient();
  const handle = client.workflow.getHandle(workflowIds.campaign(id));
  // An unknown id is bad input (exit 2), told before any bar is drawn; a later failed read is not.
  try {
    await handle.describe();
  } catch (err) {
    await close();
    if (err instanceof WorkflowNotFoundError)
      throw new UsageError(
        `Cannot read the campaign's status: no campaign "${id}" (check the id \`campaign start\` printed)`,
      );
    throw err;
  }
  const stop = new AbortController();
  // Ctrl-C (or a terminating pipe) ends the watcher, never the campaign: nothing is sent to it.
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await watchCampaign({
      readStatus: async () => {
        try {
          return await handle.query(getCampaignStatusQuery);
        } catch (err) {
          if (err instanceof WorkflowNotFoundError)
            throw new Error(`no campaign "${id}" (check the id \`campaign start\` printed)`);
          throw err;
        }
      },
      out: process.stdout,
      json: flags.json === true,
      err: process.stderr,
      signal: stop.signal,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await close();
  }
}
