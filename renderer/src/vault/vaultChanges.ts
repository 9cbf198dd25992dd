import { useSyncExternalStore } from 'react';

/**
 * A counter bumped whenever this window did something the audit log records (saved
 * settings, made a backup, changed the passphrase), so the audit view can reload.
 * The core sends no event for new audit entries.
 */
let changeCount = 0;
const listeners = new Set<() => void>();

export function noteVaultChanged(): void {
  changeCount++;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useVaultChangeCount(): number {
  return useSyncExternalStore(subscribe, () => changeCount);
}
