/**
 * A reservation's or a campaign's status as an MCP resource: `ringflow://reservation/{id}` and
 * `ringflow://campaign/{id}` (JSON, the same status the CLI's `--json` prints). The running ones are
 * listed (from visibility); any id can be read while its workflow is kept.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  ErrorCode,
  McpError,
  type Resource,
  type ResourceTemplate,
} from '@modelcontextprotocol/sdk/types.js';
import { campaignWorkflow, reservationWorkflow } from '../../workflows';
import { getCampaignStatusQuery, getReservationStatusQuery, workflowIds } from '../../workflows/messages';
import type { CommandClient } from '../commands/shared';

const KINDS = {
  reservation: {
    workflowType: reservationWorkflow.name,
    workflowId: workflowIds.reservation,
    query: getReservationStatusQuery,
    describe: 'A reservation started by book_table: state, calls, offer, booking, texts sent',
  },
  campaign: {
    workflowType: campaignWorkflow.name,
    workflowId: workflowIds.campaign,
    query: getCampaignStatusQuery,
    describe: 'A call campaign: state, done/total, results by state and answer',
  },
} as const;
type ResourceKind = keyof typeof KINDS;

const MIME = 'application/json';

export const RESOURCE_TEMPLATES: ResourceTemplate[] = (Object.keys(KINDS) as ResourceKind[]).map((kind) => ({
  uriTemplate: `ringflow://${kind}/{id}`,
  name: `${kind}-status`,
  title: `${kind[0]!.toUpperCase()}${kind.slice(1)} status`,
  description: KINDS[kind].describe,
  mimeType: MIME,
}));

/** `ringflow://campaign/spring-recall` → { kind: 'campaign', id: 'spring-recall' }, or undefined. */
export function parseResourceUri(uri: string): { kind: ResourceKind; id: string } | undefined {
  const match = /^ringflow:\/\/(reservation|campaign)\/([^/?#]+)$/.exec(uri);
  if (!match) return undefined;
  return { kind: match[1] as ResourceKind, id: decodeURIComponent(match[2]!) };
}

/** Running reservations and campaigns of this deployment, as resources. */
export async function listRunningResources(command: CommandClient): Promise<Resource[]> {
  const resources: Resource[] = [];
  for (const kind of Object.keys(KINDS) as ResourceKind[]) {
    const prefix = KINDS[kind].workflowId('');
    const query =
      `WorkflowType = '${KINDS[kind].workflowType}' AND ExecutionStatus = 'Running'` +
      ` AND TaskQueue = '${command.taskQueue}'`;
    for await (const execution of command.client.workflow.list({ query })) {
      if (!execution.workflowId.startsWith(prefix)) continue;
      const id = execution.workflowId.slice(prefix.length);
      resources.push({
        uri: `ringflow://${kind}/${encodeURIComponent(id)}`,
        name: `${kind} ${id}`,
        mimeType: MIME,
      });
      if (resources.length >= 1_000) return resources; // a page an agent can read; the rest by id
    }
  }
  return resources;
}

/** The status behind a resource URI; an MCP error for an unknown URI or id. */
export async function readResource(
  command: CommandClient,
  uri: string,
): Promise<{ uri: string; mimeType: string; text: string }> {
  const parsed = parseResourceUri(uri);
  if (!parsed)
    throw new McpError(
      ErrorCode.InvalidParams,
      `Unknown resource ${uri}: use ringflow://reservation/{id} or ringflow://campaign/{id}`,
    );
  const kind = KINDS[parsed.kind];
  try {
    const handle = command.client.workflow.getHandle(kind.workflowId(parsed.id));
    const status: unknown = await handle.query(kind.query as typeof getReservationStatusQuery);
    return { uri, mimeType: MIME, text: JSON.stringify(status, null, 2) };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError)
      throw new McpError(-32002, `Resource not found: no ${parsed.kind} has the id "${parsed.id}"`);
    throw err;
  }
}
