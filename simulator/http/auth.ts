import type { FastifyRequest } from 'fastify';

import type { AccountRecord } from '../state';
import type { World } from '../world';
import { ApiError } from './errors';

/** The bearer key of a request, if any. */
export function bearerKey(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/**
 * The account behind `Authorization: Bearer <key>`, or a 401. `X-Sub-Account-Id` is accepted and
 * ignored: the simulator has no sub-accounts (spec §1.2 allows that).
 */
export function requireAccount(world: World, request: FastifyRequest): AccountRecord {
  const key = bearerKey(request);
  if (!key) throw new ApiError(401, 'Missing API key. Send Authorization: Bearer <api_key>.', 'UNAUTHORIZED');
  const account = world.accountByKey(key);
  if (!account) throw new ApiError(401, 'Invalid API key', 'UNAUTHORIZED');
  return account;
}
