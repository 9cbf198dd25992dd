import { Checkbox, CheckboxGroup, FieldError, Label, Text } from 'react-aria-components';
import type { ReactNode } from 'react';
import { CheckIcon } from './icons.tsx';
import './widgets.css';

export interface CheckboxOption {
  id: string;
  label: string;
}

interface CheckboxGroupFieldProps {
  label: string;
  options: readonly CheckboxOption[];
  value: readonly string[];
  onChange: (value: string[]) => void;
  description?: ReactNode;
  errorMessage?: string | null;
  /** Several short options side by side. */
  isInline?: boolean;
}

/** Any number of choices from a short, fixed list. */
export function CheckboxGroupField({
  label,
  options,
  value,
  onChange,
  description,
  errorMessage = null,
  isInline = false,
}: CheckboxGroupFieldProps) {
  return (
    <CheckboxGroup
      className={`field checkbox-group ${isInline ? 'checkbox-group-inline' : ''}`.trim()}
      value={[...value]}
      onChange={onChange}
      isInvalid={errorMessage !== null}
      validationBehavior="aria"
    >
      <Label className="field-label">{label}</Label>
      {description !== undefined && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <div className="checkbox-options">
        {options.map((option) => (
          <Checkbox key={option.id} value={option.id} className="checkbox">
            {({ isSelected }) => (
              <>
                <span className="checkbox-box">{isSelected && <CheckIcon />}</span>
                <span>{option.label}</span>
              </>
            )}
          </Checkbox>
        ))}
      </div>
      <FieldError className="field-error">{errorMessage}</FieldError>
    </CheckboxGroup>
  );
}
