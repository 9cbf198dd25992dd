import { Button, ComboBox, Input, Label, ListBox, ListBoxItem, Popover, Text } from 'react-aria-components';
import type { Key } from 'react-aria-components';
import type { Client } from '../../../../shared/rpc/recordSchemas.std.ts';
import { ChevronDownIcon, CheckIcon } from '../../ui/icons.tsx';

interface ClientPickerProps {
  clients: readonly Client[];
  selectedId: string | null;
  onChange: (clientId: string | null) => void;
}

/** Type part of a name, pick with the arrow keys and Enter. */
export function ClientPicker({ clients, selectedId, onChange }: ClientPickerProps) {
  return (
    <ComboBox
      className="field client-picker"
      items={clients}
      selectedKey={selectedId}
      onSelectionChange={(key: Key | null) => onChange(key === null ? null : String(key))}
      menuTrigger="focus"
    >
      <Label className="field-label">Client</Label>
      <div className="combo-box-group">
        <Input className="input" placeholder="Type a name" />
        <Button className="icon-button" aria-label="Show all clients">
          <ChevronDownIcon />
        </Button>
      </div>
      <Text slot="description" className="field-description">
        Choose a client to see their notes or start a new one.
      </Text>
      <Popover className="popover">
        <ListBox
          className="list-box"
          renderEmptyState={() => <p className="list-box-empty">No client has that name.</p>}
        >
          {(client: Client) => (
            <ListBoxItem id={client.id} className="list-box-item" textValue={client.displayName}>
              {({ isSelected }) => (
                <>
                  <span className="list-box-check">{isSelected && <CheckIcon />}</span>
                  {client.displayName}
                </>
              )}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
