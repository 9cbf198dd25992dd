/**
 * Errors cross the RPC boundary as values with a stable code. The UI turns a code
 * into a plain sentence; messages never carry client text.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'PAYLOAD_TOO_LARGE',
  'VAULT_LOCKED',
  'WRONG_PASSPHRASE',
  'FORBIDDEN',
  'TRANSPORT_CLOSED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface RpcErrorValue {
  code: ErrorCode;
  message: string;
  /** Dotted path of the offending input field, for INVALID_INPUT. */
  field?: string;
}

export class RpcError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(value: RpcErrorValue) {
    super(value.message);
    this.name = 'RpcError';
    this.code = value.code;
    this.field = value.field;
  }

  toValue(): RpcErrorValue {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Plain sentences for people; the code stays available for support. */
export function describeError(code: ErrorCode): string {
  switch (code) {
    case 'INVALID_INPUT':
      return 'Some of the information entered is not valid. Please check it and try again.';
    case 'UNKNOWN_METHOD':
      return 'This version of Outpost does not support that action.';
    case 'PAYLOAD_TOO_LARGE':
      return 'That is too much data to handle in one step. Try a smaller file or shorter text.';
    case 'VAULT_LOCKED':
      return 'Your vault is locked. Unlock it to continue.';
    case 'WRONG_PASSPHRASE':
      return 'That passphrase is not correct.';
    case 'FORBIDDEN':
      return 'Outpost refused a request that did not come from its own window.';
    case 'TRANSPORT_CLOSED':
      return 'Outpost lost contact with its engine. Restart the app; nothing you saved is lost.';
    case 'INTERNAL':
      return 'Something went wrong inside Outpost. Nothing was changed.';
  }
}
