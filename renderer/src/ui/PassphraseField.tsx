import { useState } from 'react';
import type { ReactNode, Ref } from 'react';
import { FieldError, Input, Label, Text, TextField, ToggleButton } from 'react-aria-components';

/** The contract's limit; longer input would be refused by the core. */
export const MAX_PASSPHRASE_LENGTH = 1024;

interface PassphraseFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  autoComplete: 'current-password' | 'new-password';
  description?: ReactNode;
  autoFocus?: boolean;
  isReadOnly?: boolean;
  errorMessage?: string | null;
  inputRef?: Ref<HTMLInputElement>;
  describedBy?: string | undefined;
  /** What the Show toggle says to screen readers; starts with "Show" so voice control finds it. */
  revealLabel?: string;
}

/**
 * A masked text field with a Show toggle: long passphrases are easier to type correctly
 * when they can be checked, and the choice is the person's.
 */
export function PassphraseField({
  label,
  value,
  onChange,
  autoComplete,
  description,
  autoFocus = false,
  isReadOnly = false,
  errorMessage = null,
  inputRef,
  describedBy,
  revealLabel = `Show ${label.toLowerCase()}`,
}: PassphraseFieldProps) {
  const [isVisible, setVisible] = useState(false);
  return (
    <TextField
      className="field"
      type={isVisible ? 'text' : 'password'}
      value={value}
      onChange={onChange}
      autoComplete={autoComplete}
      autoFocus={autoFocus}
      isReadOnly={isReadOnly}
      isInvalid={errorMessage !== null}
      maxLength={MAX_PASSPHRASE_LENGTH}
      {...(describedBy === undefined ? {} : { 'aria-describedby': describedBy })}
    >
      <Label className="field-label">{label}</Label>
      <div className="input-group">
        <Input
          className="input"
          ref={inputRef ?? null}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
        />
        <ToggleButton
          className="reveal-button"
          isSelected={isVisible}
          onChange={setVisible}
          aria-label={revealLabel}
        >
          Show
        </ToggleButton>
      </div>
      {description !== undefined && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <FieldError className="field-error">{errorMessage}</FieldError>
    </TextField>
  );
}
