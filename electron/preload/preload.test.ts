import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutpostBridge } from '../../shared/rpc/client.std.ts';

const fake = vi.hoisted(() => ({
  exposeInMainWorld: vi.fn<(key: string, api: unknown) => void>(),
  invoke: vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>(),
  on: vi.fn<(channel: string, listener: (...args: unknown[]) => void) => void>(),
  removeListener: vi.fn<(channel: string, listener: (...args: unknown[]) => void) => void>(),
  /** Stands in for the IPC pipe: what main sends on a channel reaches the listeners here. */
  channels: null as EventEmitter | null,
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: fake.exposeInMainWorld },
  ipcRenderer: { invoke: fake.invoke, on: fake.on, removeListener: fake.removeListener },
}));

/** Loads the preload afresh and returns what it exposed. */
async function loadPreload(): Promise<OutpostBridge> {
  vi.resetModules();
  await import('./index.preload.ts');
  expect(fake.exposeInMainWorld).toHaveBeenCalledOnce();
  const [key, api] = fake.exposeInMainWorld.mock.calls[0]!;
  expect(key).toBe('outpost');
  return api as OutpostBridge;
}

/** What the main process would deliver on outpost:event. */
function sendFromMain(message: unknown): void {
  fake.channels!.emit('outpost:event', { sender: {} }, message);
}

beforeEach(() => {
  vi.clearAllMocks();
  const channels = new EventEmitter();
  fake.channels = channels;
  fake.invoke.mockImplementation(() => Promise.resolve({ result: { from: 'main' } }));
  fake.on.mockImplementation((channel, listener) => {
    channels.on(channel, listener);
  });
  fake.removeListener.mockImplementation((channel, listener) => {
    channels.removeListener(channel, listener);
  });
});

describe('what the preload exposes', () => {
  it('exposes exactly one object, window.outpost', async () => {
    await loadPreload();
    expect(fake.exposeInMainWorld).toHaveBeenCalledExactlyOnceWith('outpost', expect.anything());
  });

  it('gives the page only call and on, as functions', async () => {
    const bridge = await loadPreload();
    expect(Reflect.ownKeys(bridge).sort()).toStrictEqual(['call', 'on']);
    expect(typeof bridge.call).toBe('function');
    expect(typeof bridge.on).toBe('function');
  });

  it('does not touch IPC until the page asks', async () => {
    await loadPreload();
    expect(fake.invoke).not.toHaveBeenCalled();
    expect(fake.on).not.toHaveBeenCalled();
  });
});

describe('call', () => {
  it('invokes outpost:call with just the method and input, and returns the reply', async () => {
    const bridge = await loadPreload();
    const reply = await bridge.call('app.info', {});
    expect(fake.invoke).toHaveBeenCalledExactlyOnceWith('outpost:call', { method: 'app.info', input: {} });
    expect(reply).toStrictEqual({ result: { from: 'main' } });
  });

  it('answers INVALID_INPUT instead of rejecting when IPC cannot clone the input', async () => {
    const bridge = await loadPreload();
    fake.invoke.mockImplementation(() => Promise.reject(new Error('An object could not be cloned.')));
    await expect(bridge.call('app.info', { callback: () => 1 })).resolves.toMatchObject({
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('passes the input through untouched', async () => {
    const bridge = await loadPreload();
    const input = { note: 'x', nested: { n: 1 } };
    await bridge.call('notes.save', input);
    const [, request] = fake.invoke.mock.calls[0]!;
    expect(request).toStrictEqual({ method: 'notes.save', input });
  });

  it.each([42, null, undefined, { toString: () => 'app.info' }, ['app.info']])(
    'answers the non-string method %j with INVALID_INPUT without invoking',
    async (method) => {
      const bridge = await loadPreload();
      const reply = await bridge.call(method as unknown as string, {});
      expect(reply).toMatchObject({ error: { code: 'INVALID_INPUT' } });
      expect(fake.invoke).not.toHaveBeenCalled();
    },
  );
});

describe('on', () => {
  it('listens on outpost:event', async () => {
    const bridge = await loadPreload();
    bridge.on('vault.locked', () => undefined);
    expect(fake.on).toHaveBeenCalledOnce();
    expect(fake.on.mock.calls[0]![0]).toBe('outpost:event');
  });

  it('forwards only the payloads of the event asked for', async () => {
    const bridge = await loadPreload();
    const handler = vi.fn();
    bridge.on('vault.locked', handler);

    sendFromMain({ event: 'messages.arrived', payload: { count: 3 } });
    expect(handler).not.toHaveBeenCalled();

    sendFromMain({ event: 'vault.locked', payload: { reason: 'idle' } });
    expect(handler).toHaveBeenCalledExactlyOnceWith({ reason: 'idle' });
  });

  it('never hands the IPC event object to the page', async () => {
    const bridge = await loadPreload();
    const handler = vi.fn();
    bridge.on('vault.locked', handler);
    sendFromMain({ event: 'vault.locked', payload: { reason: 'manual' } });
    expect(handler.mock.calls[0]).toStrictEqual([{ reason: 'manual' }]);
  });

  it('returns a function that removes exactly its own listener', async () => {
    const bridge = await loadPreload();
    const handler = vi.fn();
    const other = vi.fn();
    const unsubscribe = bridge.on('vault.locked', handler);
    bridge.on('vault.locked', other);
    const registered = fake.on.mock.calls[0]![1];

    unsubscribe();
    expect(fake.removeListener).toHaveBeenCalledExactlyOnceWith('outpost:event', registered);
    expect(fake.channels!.listenerCount('outpost:event')).toBe(1);

    sendFromMain({ event: 'vault.locked', payload: { reason: 'manual' } });
    expect(handler).not.toHaveBeenCalled();
    expect(other).toHaveBeenCalledOnce();
  });
});
