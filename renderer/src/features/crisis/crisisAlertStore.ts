import { useSyncExternalStore } from 'react';

/**
 * The crisis messages announced and not yet acknowledged, ids only. Unlike the sections'
 * selections this survives the vault locking: a crisis that arrived just before an
 * auto-lock must still be in front of the practitioner when they unlock. Only an explicit
 * "I've seen this" clears it.
 */
export interface CrisisAlertState {
  /** Unacknowledged crisis message ids, oldest arrival first, each once. */
  messageIds: readonly string[];
  /** Bumped by every arrival that added to the alert, so the alert reads the resources afresh. */
  arrivals: number;
}

const EMPTY: CrisisAlertState = { messageIds: [], arrivals: 0 };
let state: CrisisAlertState = EMPTY;
const listeners = new Set<() => void>();

function update(next: CrisisAlertState): void {
  state = next;
  for (const listener of listeners) listener();
}

/** Adds the crisis ids of one `messages.arrived` event; ids already shown are not counted twice. */
export function addCrisisArrivals(ids: readonly string[]): void {
  const fresh = [...new Set(ids)].filter((id) => id !== '' && !state.messageIds.includes(id));
  if (fresh.length === 0) return;
  update({ messageIds: [...state.messageIds, ...fresh], arrivals: state.arrivals + 1 });
}

export function acknowledgeCrisisAlert(): void {
  update({ messageIds: [], arrivals: state.arrivals });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useCrisisAlertState(): CrisisAlertState {
  return useSyncExternalStore(subscribe, () => state);
}
