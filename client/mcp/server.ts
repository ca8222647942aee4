/**
 * ringflow's MCP server: the same flows as the CLI (reservations, calls, SMS, campaigns, the opt-out
 * list) as MCP tools, and a reservation's or campaign's status as resources.
 *
 * Built on the SDK's low-level `Server` rather than `McpServer`: `McpServer` validates tool arguments
 * itself and answers a bad one with its own "Input validation error" text, while ringflow's contract is
 * a tool error that names the field and says nothing was called or texted. The schemas are still zod
 * (listed as JSON Schema draft 7, as `McpServer` lists them).
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  type CallToolResult,
  type ServerNotification,
  type ServerRequest,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { z } from 'zod';
import type { Logger } from '../../common/process/logger';
import { isTemporalUnreachable, type RingflowConnection } from './connection';
import { RESOURCE_TEMPLATES, listRunningResources, readResource } from './resources';
import { RequestFieldError } from '../operations/field-problem';
import { fieldProblems, refusalText, type RingflowTool, type ToolContext } from './tool';
import { RINGFLOW_TOOLS } from './tools';

export const MCP_SERVER_NAME = 'ringflow';
export const MCP_SERVER_VERSION = '0.1.0';

export interface McpServerDeps {
  connection: RingflowConnection;
  logger: Logger;
  /** May callers name files on this machine? Over stdio yes; over HTTP no (see ToolContext.localFiles). */
  localFiles: boolean;
  /** The tools to serve; every ringflow tool by default (tests may pass fewer). */
  tools?: readonly RingflowTool[];
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** Listings are computed once per tool: an HTTP server builds a session per request. */
const listings = new WeakMap<RingflowTool, Tool>();

/** A tool as `tools/list` shows it: JSON Schemas of its zod schemas and its annotations. */
export function listedTool(tool: RingflowTool): Tool {
  let listed = listings.get(tool);
  if (!listed) {
    listed = listing(tool);
    listings.set(tool, listed);
  }
  return listed;
}

function listing(tool: RingflowTool): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: z.toJSONSchema(tool.input, { target: 'draft-7', io: 'input' }) as Tool['inputSchema'],
    outputSchema: z.toJSONSchema(tool.output, { target: 'draft-7', io: 'output' }) as Tool['outputSchema'],
    annotations: { title: tool.title, ...tool.annotations },
  };
}

/** A tool error result: the agent reads `text`; `isError` tells it nothing came of the call. */
function toolError(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

const STILL_UP =
  'This MCP server is still running: call again once Temporal is up (the same request_id never does anything twice).';

/** Why a tool failed, in words an agent can act on (and without a stack trace). */
export function failureText(tool: RingflowTool, err: unknown): string {
  if (err instanceof RequestFieldError) return refusalText(err.problems, tool.nothingDone);
  const error = err as Error;
  if (/Cannot reach Temporal/.test(error.message ?? '')) return `${error.message} ${STILL_UP}`;
  if (isTemporalUnreachable(err))
    return `ringflow lost its Temporal server (${error.message}): start it (npm start) or fix TEMPORAL_ADDRESS. ${STILL_UP}`;
  return `${tool.name} failed: ${error.message ?? String(err)}`;
}

/** Runs one tool call: validate, run, check the result against the output schema. */
async function callTool(
  tool: RingflowTool,
  args: unknown,
  extra: Extra,
  deps: McpServerDeps,
  resourcesChanged: () => void,
): Promise<CallToolResult> {
  const parsed = tool.input.safeParse(args ?? {});
  if (!parsed.success)
    return toolError(
      refusalText(fieldProblems(parsed.error, Object.keys(tool.input.shape)), tool.nothingDone),
    );
  const progressToken = extra._meta?.progressToken;
  const context: ToolContext = {
    ringflow: () => deps.connection.get(),
    wantsProgress: progressToken !== undefined,
    async progress(progress, total, message) {
      if (progressToken === undefined) return;
      await extra
        .sendNotification({
          method: 'notifications/progress',
          params: {
            progressToken,
            progress,
            ...(total !== undefined ? { total } : {}),
            ...(message ? { message } : {}),
          },
        })
        .catch(() => {}); // a client gone mid-call must not fail the call
    },
    signal: extra.signal,
    resourcesChanged,
    localFiles: deps.localFiles,
    logger: deps.logger,
  };
  try {
    const result = tool.output.parse(await tool.run(parsed.data, context));
    return {
      content: [{ type: 'text', text: JSON.stringify(result, null, 2) }],
      structuredContent: result,
    };
  } catch (err) {
    deps.logger.warn({ tool: tool.name, err: (err as Error).message }, 'tool call failed');
    return toolError(failureText(tool, err));
  }
}

/**
 * One MCP server session (a stdio connection, or one HTTP request in stateless mode), sharing the
 * Temporal connection of `deps`.
 *
 * @example
 * const server = buildMcpServer({ connection: new RingflowConnection(() => commandClient()), logger });
 * await server.connect(new StdioServerTransport());
 */
export function buildMcpServer(deps: McpServerDeps): Server {
  const tools = deps.tools ?? RINGFLOW_TOOLS;
  const byName = new Map(tools.map((t) => [t.name, t]));
  const server = new Server(
    { name: MCP_SERVER_NAME, version: MCP_SERVER_VERSION },
    {
      capabilities: { tools: {}, resources: { listChanged: true } },
      instructions:
        'ringflow runs durable phone work through AgentPhone: restaurant bookings by phone, single AI ' +
        'calls, SMS, call campaigns and the opt-out list. Every side-effecting tool takes request_id: reuse ' +
        'the same id when you retry, and nothing is called or texted twice. Long-running flows return a ' +
        'handle; follow them with the status tools or the ringflow:// resources.',
    },
  );
  const resourcesChanged = () => {
    server.sendResourceListChanged().catch(() => {});
  };
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: tools.map(listedTool) }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = byName.get(request.params.name);
    if (!tool)
      return toolError(
        `No tool "${request.params.name}" (nothing was called or texted). Tools: ${[...byName.keys()].join(', ')}.`,
      );
    return callTool(tool, request.params.arguments, extra, deps, resourcesChanged);
  });
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: RESOURCE_TEMPLATES,
  }));
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: await listRunningResources(await deps.connection.get()),
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => ({
    contents: [await readResource(await deps.connection.get(), request.params.uri)],
  }));
  return server;
}
