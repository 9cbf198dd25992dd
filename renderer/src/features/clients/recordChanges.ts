import { useSyncExternalStore } from 'react';
import { noteVaultChanged } from '../../vault/vaultChanges.ts';

/**
 * Bumped after this window changed a record (a client, consent, note or task), so the
 * lists and panels that show it load it again. The core sends no event for these.
 */
let changeCount = 0;
const listeners = new Set<() => void>();

export function noteRecordsChanged(): void {
  changeCount++;
  for (const listener of listeners) listener();
  // Each of these changes also adds an audit entry.
  noteVaultChanged();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRecordsVersion(): number {
  return useSyncExternalStore(subscribe, () => changeCount);
}
