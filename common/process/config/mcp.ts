/** The MCP server's fragment: the bearer token its Streamable HTTP transport requires. */
import { z } from 'zod';

/** Long enough that guessing it is hopeless (e.g. `openssl rand -hex 32`). */
export const MCP_TOKEN_MIN_CHARS = 32;

export const mcpEnv = {
  RINGFLOW_MCP_TOKEN: z
    .string()
    .min(MCP_TOKEN_MIN_CHARS, `use at least ${MCP_TOKEN_MIN_CHARS} characters (e.g. openssl rand -hex 32)`)
    .optional(),
};
