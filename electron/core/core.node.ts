import { contract, events } from '../../shared/rpc/contract.std.ts';
import type { EventName, EventPayload, VaultState } from '../../shared/rpc/contract.std.ts';
import type { RpcEventMessage, RpcReply } from '../../shared/rpc/envelope.std.ts';
import { describeApp } from './app/appInfo.node.ts';
import type { AppIdentity } from './app/appInfo.node.ts';
import { createDispatcher } from './rpc/dispatcher.node.ts';

export interface CoreOptions extends AppIdentity {
  /** Folder that holds this user's vaults and settings. */
  dataDir: string;
}

export type EventListener = (message: RpcEventMessage) => void;

export interface Core {
  dispatch(request: unknown): Promise<RpcReply>;
  onEvent(listener: EventListener): () => void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  close(): void;
}

/**
 * The engine: plain Node, never Electron. Each capability contributes handlers for
 * its contract methods; transports (worker thread, CLI) only move requests in and
 * replies and events out.
 */
export function createCore(options: CoreOptions): Core {
  const listeners = new Set<EventListener>();
  // The vault capability will own this; until then there is no vault to report.
  const vaultState: VaultState = 'absent';

  const dispatcher = createDispatcher(
    contract,
    {
      'app.info': () => describeApp(options, vaultState),
    },
    {
      onInternalError: (method, error) => {
        const kind = error instanceof Error ? error.name : typeof error;
        console.error(`[outpost core] ${method} failed unexpectedly (${kind})`);
      },
    },
  );

  return {
    dispatch: (request) => dispatcher.dispatch(request),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event, payload) {
      const message = { event, payload: events[event].parse(payload) };
      for (const listener of listeners) listener(message);
    },
    close() {
      listeners.clear();
    },
  };
}
