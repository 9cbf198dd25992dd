import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from './contract.std.ts';
import { RpcError, isErrorCode } from './errors.std.ts';
import type { RpcErrorValue } from './errors.std.ts';

/**
 * What the page is given by whichever transport it runs on: the Electron preload
 * (IPC) or the test harness's bridge (WebSocket). Both expose the same object on
 * `window.outpost`, so nothing above this line knows which one it is.
 */
export interface OutpostBridge {
  call(method: string, input: unknown): Promise<{ result: unknown } | { error: RpcErrorValue }>;
  on(event: string, handler: (payload: unknown) => void): () => void;
}

export interface OutpostClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
}

/** Wraps a bridge in the typed client: replies become values or thrown RpcErrors. */
export function createClient(bridge: OutpostBridge): OutpostClient {
  return {
    async call(method, input) {
      const reply = await bridge.call(method, input);
      if ('error' in reply) {
        const { code, message, field } = reply.error;
        throw new RpcError({
          code: isErrorCode(code) ? code : 'INTERNAL',
          message,
          ...(field === undefined ? {} : { field }),
        });
      }
      // The core validated this against the contract's output schema before sending.
      return reply.result as never;
    },
    on(event, handler) {
      return bridge.on(event, (payload) => handler(payload as never));
    },
  };
}
