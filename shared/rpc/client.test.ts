import { describe, expect, it } from 'vitest';
import { createClient } from './client.std.ts';
import type { OutpostBridge } from './client.std.ts';
import { RpcError } from './errors.std.ts';

function bridgeAnswering(
  reply: Awaited<ReturnType<OutpostBridge['call']>>,
): OutpostBridge & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    call: (method, input) => {
      calls.push([method, input]);
      return Promise.resolve(reply);
    },
    on: () => () => undefined,
  };
}

describe('typed client', () => {
  it('returns results', async () => {
    const info = {
      name: 'Outpost',
      version: '1',
      platform: 'linux',
      arch: 'x64',
      runtime: 'Node',
      vaultState: 'absent',
    };
    const bridge = bridgeAnswering({ result: info });
    await expect(createClient(bridge).call('app.info', {})).resolves.toEqual(info);
    expect(bridge.calls).toEqual([['app.info', {}]]);
  });

  it('throws RpcError with the code and field of an error reply', async () => {
    const client = createClient(
      bridgeAnswering({ error: { code: 'INVALID_INPUT', message: 'bad', field: 'note.text' } }),
    );
    const error = await client.call('app.info', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'note.text' });
  });

  it('maps codes it does not know to INTERNAL', async () => {
    const client = createClient(bridgeAnswering({ error: { code: 'SOMETHING_NEW' as never, message: 'x' } }));
    await expect(client.call('app.info', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('delivers event payloads and unsubscribes', () => {
    const handlers = new Map<string, (payload: unknown) => void>();
    const bridge: OutpostBridge = {
      call: () => Promise.reject(new Error('unused')),
      on: (event, handler) => {
        handlers.set(event, handler);
        return () => handlers.delete(event);
      },
    };
    const seen: unknown[] = [];
    const off = createClient(bridge).on('vault.locked', (payload) => seen.push(payload.reason));
    handlers.get('vault.locked')?.({ reason: 'idle' });
    off();
    expect(seen).toEqual(['idle']);
    expect(handlers.has('vault.locked')).toBe(false);
  });
});
