import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { MAX_REQUEST_BYTES } from '../../shared/rpc/envelope.std.ts';
import { startHarness } from './harness.node.ts';
import type { Harness } from './harness.node.ts';

let harness: Harness;
let scratch: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'outpost-harness-test-'));
  const rendererDir = join(scratch, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/app.js"></script></head><body></body></html>',
  );
  harness = await startHarness({ rendererDir, dataDir: join(scratch, 'data') });
});

afterAll(async () => {
  await harness.close();
  rmSync(scratch, { recursive: true, force: true });
});

function connect(query: string, origin = harness.origin): Promise<WebSocket> {
  const socket = new WebSocket(`${harness.origin.replace('http', 'ws')}/rpc${query}`, { origin });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`HTTP ${response.statusCode}`)),
    );
    socket.once('error', reject);
  });
}

function request(socket: WebSocket, frame: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    socket.once('message', (data) => resolve(JSON.parse(data.toString()) as Record<string, unknown>));
    socket.send(frame);
  });
}

describe('loopback harness', () => {
  it('listens on 127.0.0.1 only and puts the token in the URL fragment', () => {
    expect(harness.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(harness.url).toBe(`${harness.origin}/#token=${harness.token}`);
    expect(harness.token.length).toBeGreaterThanOrEqual(40);
  });

  it('refuses sockets without the token, with a wrong token, or from another origin', async () => {
    await expect(connect('')).rejects.toThrow('HTTP 401');
    await expect(connect('?token=' + 'x'.repeat(harness.token.length))).rejects.toThrow('HTTP 401');
    await expect(connect(`?token=${harness.token}`, 'http://evil.example')).rejects.toThrow('HTTP 401');
  });

  it('round-trips a real core call with the token', async () => {
    const socket = await connect(`?token=${harness.token}`);
    const reply = await request(socket, JSON.stringify({ id: 41, method: 'app.info', input: {} }));
    expect(reply).toMatchObject({ id: 41, result: { name: 'Outpost', vaultState: 'absent' } });
    socket.close();
  });

  it('answers bad frames with errors instead of dropping the connection', async () => {
    const socket = await connect(`?token=${harness.token}`);
    expect(await request(socket, 'not json')).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(await request(socket, JSON.stringify({ id: 2 }))).toMatchObject({
      id: 2,
      error: { code: 'INVALID_INPUT' },
    });
    const huge = JSON.stringify({
      id: 3,
      method: 'app.info',
      input: { text: 'a'.repeat(MAX_REQUEST_BYTES + 10) },
    });
    expect(await request(socket, huge)).toMatchObject({ id: 3, error: { code: 'PAYLOAD_TOO_LARGE' } });
    socket.close();
  });

  it('serves the page with the CSP and the bridge script before the app script', async () => {
    const response = await fetch(`${harness.origin}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ${harness.origin.replace('http', 'ws')}`);
    const html = await response.text();
    expect(html.indexOf('/__outpost/bridge.js')).toBeGreaterThan(-1);
    expect(html.indexOf('/__outpost/bridge.js')).toBeLessThan(html.indexOf('/app.js'));
    expect((await fetch(`${harness.origin}/..%2f..%2fetc%2fpasswd`)).status).toBe(400);
  });
});
