import { FieldError, Label, Text, TextArea, TextField } from 'react-aria-components';
import type { ReactNode, Ref } from 'react';
import { RequiredMark } from './TextInputField.tsx';
import './widgets.css';

interface TextAreaFieldProps {
  label: string;
  value: string;
  onChange?: (value: string) => void;
  description?: ReactNode;
  errorMessage?: string | null;
  isRequired?: boolean;
  isReadOnly?: boolean;
  autoFocus?: boolean;
  maxLength?: number;
  rows?: number;
  textAreaRef?: Ref<HTMLTextAreaElement>;
  onBlur?: () => void;
  className?: string;
  /** Spell checking helps prose; it is off where the words are names or codes. */
  spellCheck?: boolean;
}

/** A labelled multi-line text field that grows with its content. */
export function TextAreaField({
  label,
  value,
  onChange,
  description,
  errorMessage = null,
  isRequired = false,
  isReadOnly = false,
  autoFocus = false,
  maxLength,
  rows = 3,
  textAreaRef,
  onBlur,
  className = '',
  spellCheck = true,
}: TextAreaFieldProps) {
  return (
    <TextField
      className={`field ${className}`.trim()}
      value={value}
      isInvalid={errorMessage !== null}
      isRequired={isRequired}
      isReadOnly={isReadOnly}
      autoFocus={autoFocus}
      validationBehavior="aria"
      {...(onChange === undefined ? {} : { onChange })}
      {...(maxLength === undefined ? {} : { maxLength })}
      {...(onBlur === undefined ? {} : { onBlur })}
    >
      <Label className="field-label">
        {label}
        {isRequired && !isReadOnly && <RequiredMark />}
      </Label>
      {description !== undefined && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <TextArea className="input text-area" rows={rows} ref={textAreaRef ?? null} spellCheck={spellCheck} />
      <FieldError className="field-error">{errorMessage}</FieldError>
    </TextField>
  );
}
