import type { ErrorCode } from '../../shared/rpc/errors.std.ts';

/** Exit codes scripts can rely on. */
export const EXIT = {
  ok: 0,
  usage: 1,
  /** The operation was refused: wrong passphrase, locked vault, invalid input. */
  refused: 2,
  unexpected: 3,
} as const;

export class UsageError extends Error {
  override name = 'UsageError';
}

export function exitCodeFor(code: ErrorCode): number {
  return code === 'INTERNAL' || code === 'TRANSPORT_CLOSED' ? EXIT.unexpected : EXIT.refused;
}
