import { createHmac } from 'node:crypto';

/**
 * The signature of spec §10: `sha256=` + hex HMAC-SHA256 over `<unix seconds>.<body>`, keyed with the
 * UTF-8 bytes of the whole secret string (its `whsec_` prefix included, not base64-decoded).
 *
 * @example
 * signatureFor('whsec_abc', '1745083211', '{"event":"agent.message"}') // 'sha256=…64 hex…'
 */
export function signatureFor(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A new signing secret, e.g. `whsec_3f9a…`. */
export function newSecret(hex: (length: number) => string): string {
  return `whsec_${hex(48)}`;
}
