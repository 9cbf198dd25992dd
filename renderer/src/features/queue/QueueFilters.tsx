import { Button, Label, ToggleButton, ToggleButtonGroup } from 'react-aria-components';
import type { Key } from 'react-aria-components';
import { TIERS } from '../../../../shared/triage/rulesSchema.std.ts';
import type { Tier } from '../../../../shared/triage/rulesSchema.std.ts';
import { MESSAGE_CHANNELS } from '../../../../shared/rpc/messageSchemas.std.ts';
import { SelectField } from '../../ui/SelectField.tsx';
import { TIER_LABELS } from '../../ui/TierBadge.tsx';
import { CHANNEL_LABELS, STATUS_LABELS } from './queueText.ts';
import type { MessageChannel, MessageStatus } from './queueText.ts';
import type { QueueFilters as Filters } from './queueSelection.ts';

/** Statuses a practitioner filters by; closed messages leave the queue. */
const STATUS_CHOICES: readonly MessageStatus[] = ['new', 'claimed', 'awaiting_client', 'replied', 'snoozed'];

function keysOf<T extends string>(keys: Set<Key>, allowed: readonly T[]): T[] {
  return allowed.filter((value) => keys.has(value));
}

export function QueueFilters({
  filters,
  counts,
  onChange,
}: {
  filters: Filters;
  counts: Record<Tier, number> | null;
  onChange: (filters: Filters) => void;
}) {
  return (
    <div className="queue-filters" role="group" aria-label="Filter the queue">
      <div className="queue-filter">
        <Label className="field-label" id="tier-filter-label">
          Tier
        </Label>
        <ToggleButtonGroup
          aria-labelledby="tier-filter-label"
          className="toggle-group"
          selectionMode="multiple"
          selectedKeys={filters.tiers}
          onSelectionChange={(keys) => onChange({ ...filters, tiers: keysOf(keys, TIERS) })}
        >
          {TIERS.map((tier) => (
            <ToggleButton key={tier} id={tier} className={`toggle-button tier-${tier}`}>
              {TIER_LABELS[tier]}
              {counts !== null && <span className="toggle-count">{counts[tier]}</span>}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      </div>
      <div className="queue-filter">
        <Label className="field-label" id="channel-filter-label">
          Channel
        </Label>
        <ToggleButtonGroup
          aria-labelledby="channel-filter-label"
          className="toggle-group"
          selectionMode="multiple"
          selectedKeys={filters.channels}
          onSelectionChange={(keys) =>
            onChange({ ...filters, channels: keysOf<MessageChannel>(keys, MESSAGE_CHANNELS) })
          }
        >
          {MESSAGE_CHANNELS.map((channel) => (
            <ToggleButton key={channel} id={channel} className="toggle-button">
              {CHANNEL_LABELS[channel]}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      </div>
      <SelectField
        label="Status"
        value={filters.statuses[0] ?? 'open'}
        options={[
          { id: 'open', label: 'Any open status' },
          ...STATUS_CHOICES.map((status) => ({ id: status, label: STATUS_LABELS[status] })),
        ]}
        onChange={(value) =>
          onChange({
            ...filters,
            statuses: STATUS_CHOICES.filter((status) => status === value),
          })
        }
      />
      <SelectField
        label="Assigned"
        value={filters.assignee}
        options={[
          { id: 'anyone', label: 'Anyone or no one' },
          { id: 'me', label: 'Claimed by me' },
        ]}
        onChange={(value) => onChange({ ...filters, assignee: value === 'me' ? 'me' : 'anyone' })}
      />
      {filters.clientId !== null && (
        <p className="queue-client-filter">
          Client: <strong>{filters.clientName ?? 'one client'}</strong>{' '}
          <Button
            className="button button-small"
            onPress={() => onChange({ ...filters, clientId: null, clientName: null })}
          >
            Show all clients
          </Button>
        </p>
      )}
    </div>
  );
}
