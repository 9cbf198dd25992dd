import { Button, Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import { ChevronDownIcon } from '../../ui/icons.tsx';
import { snoozeChoices } from './snoozeTimes.ts';

/** "Snooze" with a few sensible return times; the message comes back as new when the time comes. */
export function SnoozeMenu({
  onSnooze,
  isDisabled = false,
  label = 'Snooze',
}: {
  onSnooze: (until: Date) => void;
  isDisabled?: boolean;
  label?: string;
}) {
  const choices = snoozeChoices(new Date());
  return (
    <MenuTrigger>
      <Button className="button" isDisabled={isDisabled}>
        {label}
        <ChevronDownIcon />
      </Button>
      <Popover className="popover">
        <Menu
          className="list-box"
          aria-label="Snooze until"
          onAction={(key) => {
            const choice = choices.find((candidate) => candidate.id === key);
            if (choice !== undefined) onSnooze(choice.until);
          }}
        >
          {choices.map((choice) => (
            <MenuItem key={choice.id} id={choice.id} className="list-box-item">
              {choice.label}
            </MenuItem>
          ))}
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}
