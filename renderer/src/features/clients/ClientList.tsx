import { ListBox, ListBoxItem, SearchField, Input, Label, Button } from 'react-aria-components';
import type { Key, Selection } from 'react-aria-components';
import type { Client } from '../../../../shared/rpc/recordSchemas.std.ts';
import { Badge } from '../../ui/Badge.tsx';
import { CloseIcon } from '../../ui/recordIcons.tsx';
import { RadioChoice } from '../../ui/RadioChoice.tsx';
import { serviceLevelName } from './recordText.ts';

export type StatusFilter = 'active' | 'archived' | 'all';

const STATUS_OPTIONS = [
  { id: 'active', label: 'Active' },
  { id: 'archived', label: 'Archived' },
  { id: 'all', label: 'All' },
] as const;

/** Matches what the counsellor would recognise a client by: names, channels, tags. */
export function matchesFilter(client: Client, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [
    client.displayName,
    client.legalName ?? '',
    ...client.channels.map((channel) => channel.value),
    ...client.tags,
  ]
    .join(' ')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}

interface ClientListProps {
  clients: readonly Client[];
  filterText: string;
  onFilterTextChange: (text: string) => void;
  status: StatusFilter;
  onStatusChange: (status: StatusFilter) => void;
  selectedId: string | null;
  onSelect: (id: string) => void;
}

export function ClientList({
  clients,
  filterText,
  onFilterTextChange,
  status,
  onStatusChange,
  selectedId,
  onSelect,
}: ClientListProps) {
  const shown = clients.filter(
    (client) => (status === 'all' || client.status === status) && matchesFilter(client, filterText),
  );

  function handleSelection(keys: Selection): void {
    if (keys === 'all') return;
    const [first] = [...keys] as Key[];
    if (first !== undefined) onSelect(String(first));
  }

  return (
    <div className="client-list-pane">
      <SearchField className="field search-field" value={filterText} onChange={onFilterTextChange}>
        <Label className="field-label">Filter clients</Label>
        <div className="search-input-wrap">
          <Input className="input" placeholder="Name, channel or tag" />
          <Button className="icon-button search-clear" aria-label="Clear the filter">
            <CloseIcon />
          </Button>
        </div>
      </SearchField>
      <RadioChoice
        label="Show"
        options={STATUS_OPTIONS}
        value={status}
        onChange={onStatusChange}
        isSegmented
      />
      <p className="muted client-count" aria-live="polite">
        {shown.length === clients.length
          ? `${shown.length} ${shown.length === 1 ? 'client' : 'clients'}`
          : `${shown.length} of ${clients.length} clients`}
      </p>
      <ListBox
        className="client-list"
        aria-label="Clients"
        items={shown}
        selectionMode="single"
        selectionBehavior="replace"
        selectedKeys={selectedId === null ? [] : [selectedId]}
        onSelectionChange={handleSelection}
        renderEmptyState={() => (
          <p className="client-list-empty">
            {filterText.trim() !== ''
              ? 'No client matches this filter. The search box at the top also looks inside notes.'
              : status === 'archived'
                ? 'No archived clients. Archiving keeps a record but moves it out of your everyday list.'
                : 'No active clients.'}
          </p>
        )}
      >
        {(client) => (
          <ListBoxItem id={client.id} className="client-item" textValue={client.displayName}>
            <span className="client-item-name">{client.displayName}</span>
            <span className="client-item-meta">
              {client.pseudonymous && <Badge tone="info">Alias</Badge>}
              {client.status === 'archived' && <Badge>Archived</Badge>}
              {client.serviceLevel !== null && (
                <span className="muted">{serviceLevelName(client.serviceLevel.level)}</span>
              )}
            </span>
          </ListBoxItem>
        )}
      </ListBox>
    </div>
  );
}
