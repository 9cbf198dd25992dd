import type { ComponentType } from 'react';
import { QueuePage } from '../features/queue/QueuePage.tsx';
import { ClientsPage } from '../features/clients/ClientsPage.tsx';
import { SessionsPage } from '../features/sessions/SessionsPage.tsx';
import { WritingHelpPage } from '../features/writing-help/WritingHelpPage.tsx';
import { ExchangePage } from '../features/exchange/ExchangePage.tsx';
import { AnalyticsPage } from '../features/analytics/AnalyticsPage.tsx';
import { SettingsPage } from '../features/settings/SettingsPage.tsx';

interface Section {
  id: string;
  label: string;
  Page: ComponentType;
}

/** The navigation, in order. Position n is reached with Ctrl+n (Cmd+n on macOS). */
export const SECTIONS = [
  { id: 'queue', label: 'Queue', Page: QueuePage },
  { id: 'clients', label: 'Clients', Page: ClientsPage },
  { id: 'sessions', label: 'Sessions', Page: SessionsPage },
  { id: 'writing-help', label: 'Writing help', Page: WritingHelpPage },
  { id: 'exchange', label: 'Team exchange', Page: ExchangePage },
  { id: 'analytics', label: 'Analytics', Page: AnalyticsPage },
  { id: 'settings', label: 'Settings', Page: SettingsPage },
] as const satisfies readonly Section[];

export type SectionId = (typeof SECTIONS)[number]['id'];

export const FIRST_SECTION: SectionId = 'queue';

export function isSectionId(value: unknown): value is SectionId {
  return SECTIONS.some((section) => section.id === value);
}
