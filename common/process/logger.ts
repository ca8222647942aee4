import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino blanks out wherever they appear in a log line. Clients also mask credential headers
 * themselves; this list is the net under them so a secret passed by mistake still never reaches a log.
 */
export const REDACTED_PATHS = [
  'apiKey',
  'api_key',
  'secret',
  'secrets',
  'webhookSecret',
  'webhookSecrets',
  'authorization',
  'Authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.apiKey',
  '*.api_key',
  '*.secret',
  '*.secrets',
  '*.webhookSecret',
  '*.webhookSecrets',
  '*.authorization',
  '*.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  '*.*.apiKey',
  '*.*.api_key',
  '*.*.secret',
  // One-time codes read from inbound SMS (InboundSms.oneTimeCode): relayed to the owner, never logged.
  'oneTimeCode',
  '*.oneTimeCode',
  '*.*.oneTimeCode',
];

export interface LoggerSettings {
  level?: string;
  name?: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to read what was logged. */
  destination?: pino.DestinationStream;
}

/** The one logger factory of ringflow: JSON lines with secrets redacted. */
export function createLogger(settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(settings.name ? { name: settings.name } : {}),
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}

/** A logger that drops everything; the default where a caller passes none. */
export const silentLogger: Logger = pino({ level: 'silent' });
