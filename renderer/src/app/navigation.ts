import { useSyncExternalStore } from 'react';
import type { SectionId } from './sections.ts';

/**
 * Moving between sections from inside a page (a search result opens a client), and
 * selections that outlive the page showing them: a section's page is unmounted while
 * another section is shown, so what it had open is kept here, ids only.
 */
type SectionListener = (section: SectionId) => void;
const sectionListeners = new Set<SectionListener>();

export function showSection(section: SectionId): void {
  for (const listener of sectionListeners) listener(section);
}

/** For the app shell, which owns the navigation. */
export function onShowSection(listener: SectionListener): () => void {
  sectionListeners.add(listener);
  return () => sectionListeners.delete(listener);
}

export interface SelectionStore<T> {
  get: () => T;
  set: (next: T | ((current: T) => T)) => void;
  subscribe: (listener: () => void) => () => void;
}

export function useSelection<T>(store: SelectionStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.get);
}

const resets: (() => void)[] = [];

export function createSelectionStore<T>(initial: T): SelectionStore<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  const store: SelectionStore<T> = {
    get: () => value,
    set(next) {
      value = typeof next === 'function' ? (next as (current: T) => T)(value) : next;
      notify();
    },
    subscribe,
  };
  resets.push(() => {
    value = initial;
    notify();
  });
  return store;
}

/** When the vault locks: the next person to unlock starts with nothing open. */
export function resetSelections(): void {
  for (const reset of resets) reset();
}

/**
 * Asking the queue to open one message (the crisis alert's "Open message"). The queue page
 * is unmounted while another section is shown, so the request is kept until a listener takes
 * it: a listener present now receives it at once; otherwise the next one to subscribe does.
 * Ids only; the vault locking forgets a pending request.
 */
type OpenMessageListener = (messageId: string) => void;
const openMessageListeners = new Set<OpenMessageListener>();
let pendingOpenMessage: string | null = null;
resets.push(() => {
  pendingOpenMessage = null;
});

export function requestOpenMessage(messageId: string): void {
  if (openMessageListeners.size > 0) {
    pendingOpenMessage = null;
    for (const listener of openMessageListeners) listener(messageId);
  } else {
    pendingOpenMessage = messageId;
  }
  showSection('queue');
}

/** For the queue page: called with the id of each message it is asked to open, including one asked for before it mounted. */
export function onOpenMessage(listener: OpenMessageListener): () => void {
  openMessageListeners.add(listener);
  if (pendingOpenMessage !== null) {
    const messageId = pendingOpenMessage;
    pendingOpenMessage = null;
    listener(messageId);
  }
  return () => openMessageListeners.delete(listener);
}
