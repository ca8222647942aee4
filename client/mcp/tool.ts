/**
 * What one MCP tool of ringflow is: a zod input and output schema, a description an agent can act on,
 * MCP annotations, and `run`. The server (client/mcp/server.ts) validates the arguments itself, so a bad
 * argument comes back as a tool error naming the field and saying that nothing was called or texted,
 * not as the SDK's generic "Input validation error".
 */
import type { z } from 'zod';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../../common/process/logger';
import type { CommandClient } from '../commands/shared';
import type { FieldProblem } from '../operations/field-problem';

/** What a tool's `run` may use: ringflow's Temporal client, progress reporting, cancellation. */
export interface ToolContext {
  /** The Temporal client, connected on first use (a tool error when Temporal cannot be reached). */
  ringflow(): Promise<CommandClient>;
  /** Sends a progress notification when the caller passed a progressToken; a no-op otherwise. */
  progress(progress: number, total?: number, message?: string): Promise<void>;
  /** True when the caller passed a progressToken (it wants to hear about a long wait). */
  wantsProgress: boolean;
  /** Aborted when the caller cancels the request or the connection closes. */
  signal: AbortSignal;
  /** Tells subscribed clients that the readable resources changed (a flow started). */
  resourcesChanged(): void;
  /**
   * Whether the caller may name files on this machine (a contact file). True over stdio, where the agent
   * runs as the same user; false over HTTP, where a remote caller could otherwise read local files.
   */
  localFiles: boolean;
  logger: Logger;
}

/**
 * One tool. `run` returns the structured result (checked against `output` before it is sent); it throws
 * a `RequestFieldError` (client/operations/field-problem.ts) for a bad argument found past the schema (a
 * date in the past, say), its fields as the agent wrote them.
 */
export interface RingflowTool<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  /** What a refusal promises did not happen: "nothing was called or texted", "nothing was changed". */
  nothingDone: string;
  run(args: z.output<I>, context: ToolContext): Promise<z.input<O>>;
}

/** Keeps `run`'s argument and result types tied to the schemas (a plain object literal would widen them). */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(
  tool: RingflowTool<I, O>,
): RingflowTool {
  return tool;
}

/** A zod path as an agent would write it: `restaurants[0].phone`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text ? `.${String(key)}` : String(key);
  }
  return text || '(arguments)';
}

/**
 * The problems of a failed parse, one per issue, each naming its field. An unknown field (a typo like
 * `party` for `party_size`) is named as such, with the fields the tool does take.
 */
export function fieldProblems(error: z.ZodError, known: readonly string[] = []): FieldProblem[] {
  return error.issues.flatMap((issue): FieldProblem[] => {
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        field: fieldPath([...issue.path, key]),
        message: `not an argument of this tool${known.length && issue.path.length === 0 ? ` (it takes ${known.join(', ')})` : ''}`,
      }));
    // zod 4 leaves the input out of its issues; a missing field is the type error that received undefined.
    const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
    return [{ field: fieldPath(issue.path), message: missing ? 'required' : issue.message }];
  });
}

/** The text of a refused call: every bad field, then what did not happen. */
export function refusalText(problems: readonly FieldProblem[], nothingDone: string): string {
  const lines = problems.map((p) => `- ${p.field}: ${p.message}`);
  return `Invalid arguments (${nothingDone}):\n${lines.join('\n')}`;
}
