/**
 * A keep-alive socket carries many webhook deliveries: the ingress's per-request guard (the slow-client
 * timer) must leave the socket when its request is done, or each request's closure stays on the socket
 * until it closes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import type { Client } from '@temporalio/client';
import { Agent, request } from 'undici';
import { buildIngress, WEBHOOK_PATH } from '../../../client/ingress';
import { developmentNumberKeyer } from '../../../common/process/number-key';

test('thirty requests on one keep-alive socket leave no listener behind on it', async () => {
  // Unsigned deliveries are refused before Temporal is reached: the stand-in is never called.
  const app = await buildIngress({
    temporal: {} as Client,
    taskQueue: 'unit',
    numberKey: developmentNumberKeyer,
    secrets: () => ['whsec_unit'],
  });
  const sockets: Socket[] = [];
  app.server.on('connection', (socket: Socket) => sockets.push(socket));
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const dispatcher = new Agent({ connections: 1, keepAliveTimeout: 60_000 });
  try {
    const before = { close: 0 };
    for (let i = 0; i < 30; i += 1) {
      const res = await request(`${base}${WEBHOOK_PATH}`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
        dispatcher,
      });
      assert.equal(res.statusCode, 401);
      await res.body.dump();
      if (i === 0) before.close = sockets[0]!.listenerCount('close');
    }
    assert.equal(sockets.length, 1, 'one socket carried every request');
    assert.ok(
      sockets[0]!.listenerCount('close') <= before.close,
      `close listeners grew from ${before.close} to ${sockets[0]!.listenerCount('close')}`,
    );
  } finally {
    await dispatcher.close();
    await app.close();
  }
});
