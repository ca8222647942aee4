/**
 * The MCP server's one Temporal client, connected on the first tool call rather than at start-up, so the
 * server answers `tools/list` (and says clearly why a call failed) while Temporal is down, and connects
 * again on the next call once it is back.
 */
import type { CommandClient } from '../commands/shared';

export class RingflowConnection {
  private pending: Promise<CommandClient> | undefined;

  constructor(private readonly connect: () => Promise<CommandClient>) {}

  /** The connected client; a failed attempt is forgotten, so the next call tries again. */
  get(): Promise<CommandClient> {
    if (!this.pending) {
      const attempt = this.connect();
      this.pending = attempt;
      attempt.catch(() => {
        if (this.pending === attempt) this.pending = undefined;
      });
    }
    return this.pending;
  }

  async close(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) return;
    try {
      await (await pending).close();
    } catch {
      // It never connected: nothing to close.
    }
  }
}

/**
 * True for the errors a Temporal client gives when the server cannot be reached (gRPC UNAVAILABLE,
 * DEADLINE_EXCEEDED), matched by shape so this module does not load the client.
 */
export function isTemporalUnreachable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (code === 14 || code === 4) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
