import type { LockReason } from '../../../shared/rpc/contract.std.ts';

/** Why the Unlock screen is showing, in the words the person will see there. */
export function describeLockReason(reason: LockReason, autoLockMinutes: number | null): string {
  switch (reason) {
    case 'manual':
      return 'Outpost was locked. Your records stay encrypted until you unlock it.';
    case 'idle':
      return autoLockMinutes !== null && autoLockMinutes > 0
        ? `Outpost locked itself because it was not used for ${minutesText(autoLockMinutes)}.`
        : 'Outpost locked itself because it was not used for a while.';
    case 'suspend':
      return 'Outpost locked itself because the computer went to sleep.';
    case 'screen-lock':
      return 'Outpost locked itself because the screen was locked.';
    case 'shutdown':
      return 'Outpost locked itself when it was closed.';
  }
}

export function minutesText(minutes: number): string {
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
