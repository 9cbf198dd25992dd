import { createSelectionStore } from '../../app/navigation.ts';
import type { MessageChannel, MessageStatus } from './queueText.ts';
import type { Tier } from '../../../../shared/triage/rulesSchema.std.ts';

export interface QueueFilters {
  tiers: Tier[];
  channels: MessageChannel[];
  statuses: MessageStatus[];
  /** 'me' shows only messages claimed under the practitioner's name. */
  assignee: 'anyone' | 'me';
  clientId: string | null;
  clientName: string | null;
}

export const NO_FILTERS: QueueFilters = {
  tiers: [],
  channels: [],
  statuses: [],
  assignee: 'anyone',
  clientId: null,
  clientName: null,
};

/** What the Queue section has open; kept while another section is shown, forgotten on lock. */
export const queueSelection = createSelectionStore<{ messageId: string | null; filters: QueueFilters }>({
  messageId: null,
  filters: NO_FILTERS,
});
