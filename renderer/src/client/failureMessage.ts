import { RpcError, describeError } from '../../../shared/rpc/errors.std.ts';

/** A sentence for people about anything a client call threw. */
export function failureMessage(error: unknown): string {
  return describeError(error instanceof RpcError ? error.code : 'INTERNAL');
}
