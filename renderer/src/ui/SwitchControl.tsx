import { SwitchButton, SwitchField, Text } from 'react-aria-components';
import type { ReactNode } from 'react';

interface SwitchControlProps {
  label: string;
  isSelected: boolean;
  onChange: (isSelected: boolean) => void;
  /** Beside the switch and read with it (aria-describedby): what it does, or why it cannot be used. */
  description?: ReactNode;
  isDisabled?: boolean;
  /** While a change is under way: keeps focus (a disabled control would drop it) but ignores presses. */
  isReadOnly?: boolean;
}

/** An on/off setting that takes effect at once, with its explanation next to it. */
export function SwitchControl({
  label,
  isSelected,
  onChange,
  description,
  isDisabled = false,
  isReadOnly = false,
}: SwitchControlProps) {
  return (
    <SwitchField
      className="switch-field"
      isSelected={isSelected}
      onChange={onChange}
      isDisabled={isDisabled}
      isReadOnly={isReadOnly}
    >
      <SwitchButton className="switch">
        <span className="switch-track" aria-hidden="true">
          <span className="switch-thumb" />
        </span>
        <span className="switch-label">{label}</span>
      </SwitchButton>
      {description !== undefined && (
        <Text slot="description" className="switch-description">
          {description}
        </Text>
      )}
    </SwitchField>
  );
}
