import { createSelectionStore, showSection } from '../../app/navigation.ts';

export const CLIENT_TABS = ['overview', 'consent', 'sessions', 'timeline', 'tasks'] as const;
export type ClientTab = (typeof CLIENT_TABS)[number];

export interface ClientSelection {
  clientId: string | null;
  tab: ClientTab;
  /** A note to open in the Sessions tab. */
  noteId: string | null;
}

/** What the Clients section has open; kept while another section is shown. */
export const clientSelection = createSelectionStore<ClientSelection>({
  clientId: null,
  tab: 'overview',
  noteId: null,
});

/** Opens a client (and optionally one of its tabs or notes) in the Clients section, from anywhere. */
export function openClient(
  clientId: string,
  options: { tab?: ClientTab; noteId?: string | null } = {},
): void {
  clientSelection.set({ clientId, tab: options.tab ?? 'overview', noteId: options.noteId ?? null });
  showSection('clients');
}

export function isClientTab(value: unknown): value is ClientTab {
  return (CLIENT_TABS as readonly unknown[]).includes(value);
}
