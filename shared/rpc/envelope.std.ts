import type { RpcErrorValue } from './errors.std.ts';

/**
 * The wire format between any transport and the core dispatcher:
 * requests `{id, method, input}`, replies `{id, result}` or `{id, error}`,
 * and unsolicited events `{event, payload}` from the core to the UI.
 */
export interface RpcRequest {
  id: number;
  method: string;
  input: unknown;
}

export type RpcReply = { id: number; result: unknown } | { id: number; error: RpcErrorValue };

export interface RpcEventMessage {
  event: string;
  payload: unknown;
}

export type CoreMessage = RpcReply | RpcEventMessage;

/** Largest request a transport or the dispatcher accepts, measured as UTF-8 JSON. */
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

export function isRpcReply(message: unknown): message is RpcReply {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { id?: unknown }).id === 'number' &&
    ('result' in message || 'error' in message)
  );
}

export function isRpcEvent(message: unknown): message is RpcEventMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { event?: unknown }).event === 'string'
  );
}
