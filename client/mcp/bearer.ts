/** The bearer-token check of the MCP server's HTTP transport. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * True when `authorization` is `Bearer <token>` with exactly the expected token. Both sides are hashed
 * first, so the comparison takes the same time whatever the length or the first wrong character.
 */
export function bearerMatches(authorization: string | undefined, expected: string): boolean {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  // A missing or malformed header is still compared (against a value that cannot match), in constant time.
  const given = digest(match?.[1] ?? '');
  const ok = timingSafeEqual(given, digest(expected));
  return ok && match !== null && expected.length > 0;
}

/** Hosts that only this machine can reach: where the HTTP transport may run without a token. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1';
  return false;
}
