import { createClient } from '../../../shared/rpc/client.std.ts';
import type { OutpostBridge, OutpostClient } from '../../../shared/rpc/client.std.ts';

declare global {
  interface Window {
    /** Put there by the Electron preload or by the test harness's bridge script. */
    outpost?: OutpostBridge;
  }
}

const unavailableBridge: OutpostBridge = {
  call: () =>
    Promise.resolve({
      error: { code: 'TRANSPORT_CLOSED', message: 'The Outpost engine is not connected.' },
    }),
  on: () => () => undefined,
};

/** The renderer's only way to reach the core. */
export const outpost: OutpostClient = createClient(window.outpost ?? unavailableBridge);
