/**
 * The logger the AgentPhone client writes to: the few pino-style methods it calls, so the library
 * depends on no logging package and no ringflow module. A pino `Logger` satisfies it as it is.
 */
export interface AgentPhoneLogger {
  /** A logger whose lines all carry `bindings` (the client binds `component`, `method`, `path`). */
  child(bindings: Record<string, unknown>): AgentPhoneLogger;
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Drops every line; the default when the caller passes no logger. */
export const silentAgentPhoneLogger: AgentPhoneLogger = {
  child: () => silentAgentPhoneLogger,
  debug() {},
  info() {},
  warn() {},
  error() {},
};
