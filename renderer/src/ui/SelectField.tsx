import {
  Button,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
  Text,
} from 'react-aria-components';
import type { Key } from 'react-aria-components';
import type { ReactNode } from 'react';
import { CheckIcon, ChevronDownIcon } from './icons.tsx';

export interface SelectOption {
  id: string;
  label: string;
}

interface SelectFieldProps {
  label: string;
  options: readonly SelectOption[];
  value: string;
  onChange: (value: string) => void;
  description?: ReactNode;
  isDisabled?: boolean;
}

/** A labelled single-choice drop-down. */
export function SelectField({
  label,
  options,
  value,
  onChange,
  description,
  isDisabled = false,
}: SelectFieldProps) {
  function handleChange(key: Key | null): void {
    if (key !== null) onChange(String(key));
  }
  return (
    <Select className="field" value={value} onChange={handleChange} isDisabled={isDisabled}>
      <Label className="field-label">{label}</Label>
      <Button className="select-button">
        <SelectValue />
        <ChevronDownIcon />
      </Button>
      {description !== undefined && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <Popover className="popover">
        <ListBox className="list-box" items={options}>
          {(option) => <OptionItem id={option.id} label={option.label} />}
        </ListBox>
      </Popover>
    </Select>
  );
}

export function OptionItem({ id, label }: SelectOption) {
  return (
    <ListBoxItem id={id} className="list-box-item" textValue={label}>
      {({ isSelected }) => (
        <>
          <span className="list-box-check">{isSelected && <CheckIcon />}</span>
          {label}
        </>
      )}
    </ListBoxItem>
  );
}
