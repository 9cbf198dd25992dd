import { createContext, useContext } from 'react';
import type { LockReason, MethodOutput } from '../../../shared/rpc/contract.std.ts';

/** What the unlocked app may ask of the vault gate that wraps it. */
export interface VaultSession {
  /** From vault.status; 0 means auto-lock is off. */
  autoLockMinutes: number;
  /** After Settings saved a new value, so the idle timer follows at once. */
  setAutoLockMinutes: (minutes: number) => void;
  lock: (reason: LockReason) => Promise<void>;
  /** Replaces the vault with a backup; on success the gate shows the Unlock screen. */
  restoreBackup: (file: string, passphrase: string) => Promise<MethodOutput<'backup.restore'>>;
}

export const VaultSessionContext = createContext<VaultSession | null>(null);

export function useVaultSession(): VaultSession {
  const session = useContext(VaultSessionContext);
  if (session === null) throw new Error('useVaultSession is only available inside the unlocked app.');
  return session;
}
