import { FieldError, Label, Radio, RadioGroup, Text } from 'react-aria-components';
import type { ReactNode } from 'react';
import './widgets.css';

export interface RadioOption<V extends string> {
  id: V;
  label: string;
}

interface RadioChoiceProps<V extends string> {
  label: string;
  options: readonly RadioOption<V>[];
  value: V | null;
  onChange: (value: V) => void;
  description?: ReactNode;
  errorMessage?: string | null;
  /** Side by side, as a segmented control; for two to four short choices. */
  isSegmented?: boolean;
  /** The label is shown, or only read out (when a heading nearby already says it). */
  isLabelHidden?: boolean;
}

/** One choice among a few, all visible at once. Arrow keys move between them. */
export function RadioChoice<V extends string>({
  label,
  options,
  value,
  onChange,
  description,
  errorMessage = null,
  isSegmented = false,
  isLabelHidden = false,
}: RadioChoiceProps<V>) {
  return (
    <RadioGroup
      className={`field radio-choice ${isSegmented ? 'radio-segmented' : ''}`.trim()}
      value={value}
      onChange={(next) => {
        const option = options.find((candidate) => candidate.id === next);
        if (option !== undefined) onChange(option.id);
      }}
      orientation={isSegmented ? 'horizontal' : 'vertical'}
      isInvalid={errorMessage !== null}
      validationBehavior="aria"
      {...(isLabelHidden ? { 'aria-label': label } : {})}
    >
      {!isLabelHidden && <Label className="field-label">{label}</Label>}
      <div className="radio-options">
        {options.map((option) => (
          <Radio key={option.id} value={option.id} className="radio">
            <span className="radio-dot" aria-hidden="true" />
            <span>{option.label}</span>
          </Radio>
        ))}
      </div>
      {description !== undefined && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <FieldError className="field-error">{errorMessage}</FieldError>
    </RadioGroup>
  );
}
