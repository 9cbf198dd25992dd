import type { OutpostBridge } from '../shared/rpc/client.std.ts';

declare global {
  interface Window {
    /** Defined by the harness bridge (or the Electron preload) before the app starts. */
    outpost?: OutpostBridge;
  }
}
