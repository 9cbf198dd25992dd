/**
 * Sandboxed preload: exposes exactly one object, `window.outpost`, with `call` and
 * `on`. No Electron or Node object reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { OutpostBridge } from '../../shared/rpc/client.std.ts';
import { RPC_CALL_CHANNEL, RPC_EVENT_CHANNEL } from './channels.std.ts';

const bridge: OutpostBridge = {
  call(method, input) {
    if (typeof method !== 'string') {
      return Promise.resolve({ error: { code: 'INVALID_INPUT', message: 'Method must be a string.' } });
    }
    // invoke rejects when the input cannot be cloned (functions, symbols); keep the {error} contract.
    return ipcRenderer
      .invoke(RPC_CALL_CHANNEL, { method, input })
      .catch(() => ({ error: { code: 'INVALID_INPUT', message: 'Input must be plain JSON data.' } }));
  },
  on(event, handler) {
    const listener = (_sender: IpcRendererEvent, message: { event: string; payload: unknown }) => {
      if (message.event === event) handler(message.payload);
    };
    ipcRenderer.on(RPC_EVENT_CHANNEL, listener);
    return () => {
      ipcRenderer.removeListener(RPC_EVENT_CHANNEL, listener);
    };
  },
};

contextBridge.exposeInMainWorld('outpost', bridge);
