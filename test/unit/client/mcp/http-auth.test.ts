/** The HTTP transport's bearer check and the start-up rules for running without a token. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearerMatches, isLoopbackHost } from '../../../../client/mcp/bearer';
import { mcpOptionsFromFlags } from '../../../../client/commands/mcp';
import { hostOf } from '../../../../client/mcp/http';

const TOKEN = 'a'.repeat(40);

describe('bearerMatches', () => {
  test('accepts exactly the token', () => {
    assert.equal(bearerMatches(`Bearer ${TOKEN}`, TOKEN), true);
    assert.equal(bearerMatches(`bearer ${TOKEN}`, TOKEN), true);
  });
  test('refuses a missing, malformed, other or longer token', () => {
    for (const header of [
      undefined,
      '',
      TOKEN,
      `Basic ${TOKEN}`,
      `Bearer ${TOKEN}x`,
      `Bearer ${'a'.repeat(39)}`,
      'Bearer ',
    ])
      assert.equal(bearerMatches(header, TOKEN), false, String(header));
  });
  test('an empty expected token matches nothing', () => {
    assert.equal(bearerMatches('Bearer ', ''), false);
  });
});

describe('isLoopbackHost', () => {
  test('knows loopback from the rest', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost'])
      assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['0.0.0.0', '::', '192.168.1.2', 'example.test'])
      assert.equal(isLoopbackHost(host), false, host);
  });
});

describe('ringflow mcp flags', () => {
  test('stdio by default', () => {
    assert.deepEqual(mcpOptionsFromFlags([], undefined), { transport: 'stdio' });
  });
  test('HTTP needs a token', () => {
    assert.throws(
      () => mcpOptionsFromFlags(['--http', '--port', '0'], undefined),
      /RINGFLOW_MCP_TOKEN is not set/,
    );
    assert.deepEqual(mcpOptionsFromFlags(['--http', '--port', '0'], TOKEN), {
      transport: 'http',
      port: 0,
      host: '127.0.0.1',
    });
  });
  test('no token only with the flag, and only on loopback', () => {
    assert.deepEqual(
      mcpOptionsFromFlags(['--http', '--port', '9', '--allow-no-token-on-loopback'], undefined),
      {
        transport: 'http',
        port: 9,
        host: '127.0.0.1',
      },
    );
    assert.throws(
      () =>
        mcpOptionsFromFlags(
          ['--http', '--port', '9', '--host', '0.0.0.0', '--allow-no-token-on-loopback'],
          undefined,
        ),
      /--host 0.0.0.0 is not a loopback address/,
    );
  });
  test('bad flags name themselves', () => {
    assert.throws(() => mcpOptionsFromFlags(['--http'], TOKEN), /--http needs --port/);
    assert.throws(() => mcpOptionsFromFlags(['--http', '--port', 'x'], TOKEN), /--port: "x"/);
    assert.throws(() => mcpOptionsFromFlags(['--port', '9'], TOKEN), /--port goes with --http/);
  });
});

describe('hostOf', () => {
  test('reads the host name of a Host header', () => {
    assert.equal(hostOf('127.0.0.1:8765'), '127.0.0.1');
    assert.equal(hostOf('[::1]:8765'), '::1');
    assert.equal(hostOf('localhost'), 'localhost');
    assert.equal(hostOf(undefined), '');
  });
});
