import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from './core.node.ts';
import { connectInProcess, startCoreWorker } from './host.node.ts';
import type { CoreConnection } from './host.node.ts';

const WORKER_URL = new URL('./worker.node.ts', import.meta.url);

describe('core worker thread', () => {
  let dataDir: string;
  let connection: CoreConnection;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'outpost-core-'));
    connection = startCoreWorker(WORKER_URL, {
      name: 'Outpost',
      version: '9.9.9',
      runtime: 'test',
      vaultDir: join(dataDir, 'vault'),
    });
  });
  afterEach(async () => {
    await connection.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers app.info from the worker with the identity it was started with', async () => {
    const outcome = await connection.call('app.info', {});
    expect(outcome).toEqual({
      result: {
        name: 'Outpost',
        version: '9.9.9',
        platform: process.platform,
        arch: process.arch,
        runtime: 'test',
        vaultState: 'absent',
      },
    });
  });

  it('keeps concurrent replies with their requests', async () => {
    const outcomes = await Promise.all([
      connection.call('app.info', {}),
      connection.call('no.such', {}),
      connection.call('app.info', { extra: 1 }),
    ]);
    expect(outcomes[0]).toHaveProperty('result');
    expect(outcomes[1]).toMatchObject({ error: { code: 'UNKNOWN_METHOD' } });
    expect(outcomes[2]).toMatchObject({ error: { code: 'INVALID_INPUT', field: 'extra' } });
  });

  it('refuses input that cannot cross the thread boundary', async () => {
    expect(await connection.call('app.info', { callback: () => 1 })).toMatchObject({
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('answers TRANSPORT_CLOSED once stopped', async () => {
    await connection.stop();
    expect(await connection.call('app.info', {})).toMatchObject({ error: { code: 'TRANSPORT_CLOSED' } });
  });
});

describe('core events', () => {
  it('reach listeners validated against the contract, and stop after unsubscribe', () => {
    const core = createCore({
      name: 'Outpost',
      version: '1',
      runtime: 'test',
      vaultDir: join(tmpdir(), 'no-vault'),
    });
    const connection = connectInProcess(core);
    const seen: unknown[] = [];
    const off = connection.onEvent((message) => seen.push(message));
    core.emit('messages.arrived', { count: 3, crisis: [] });
    expect(() => core.emit('messages.arrived', { count: -1, crisis: [] })).toThrow();
    off();
    core.emit('messages.arrived', { count: 4, crisis: [] });
    expect(seen).toEqual([{ event: 'messages.arrived', payload: { count: 3, crisis: [] } }]);
    core.close();
  });
});
