import { FieldError, Input, Label, Text, TextField } from 'react-aria-components';
import type { TextFieldProps } from 'react-aria-components';
import type { ReactNode, Ref } from 'react';
import './widgets.css';

interface TextInputFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  description?: ReactNode;
  /** Shown under the field and read with it; null while the value is acceptable. */
  errorMessage?: string | null;
  isRequired?: boolean;
  isReadOnly?: boolean;
  isDisabled?: boolean;
  autoFocus?: boolean;
  maxLength?: number;
  type?: 'text' | 'email' | 'tel' | 'search';
  autoComplete?: string;
  placeholder?: string;
  inputRef?: Ref<HTMLInputElement>;
  className?: string;
  inputClassName?: string;
  onBlur?: () => void;
  onKeyDown?: TextFieldProps['onKeyDown'];
  /** For a field whose visible label would repeat what is around it (a row of channels). */
  ariaLabel?: string;
}

/** A labelled one-line text field with its hint and its own error message. */
export function TextInputField({
  label,
  value,
  onChange,
  description,
  errorMessage = null,
  isRequired = false,
  isReadOnly = false,
  isDisabled = false,
  autoFocus = false,
  maxLength,
  type = 'text',
  autoComplete = 'off',
  placeholder,
  inputRef,
  className = '',
  inputClassName = '',
  onBlur,
  onKeyDown,
  ariaLabel,
}: TextInputFieldProps) {
  return (
    <TextField
      className={`field ${className}`.trim()}
      value={value}
      onChange={onChange}
      isInvalid={errorMessage !== null}
      isRequired={isRequired}
      isReadOnly={isReadOnly}
      isDisabled={isDisabled}
      autoFocus={autoFocus}
      type={type}
      autoComplete={autoComplete}
      validationBehavior="aria"
      {...(maxLength === undefined ? {} : { maxLength })}
      {...(onBlur === undefined ? {} : { onBlur })}
      {...(onKeyDown === undefined ? {} : { onKeyDown })}
      {...(ariaLabel === undefined ? {} : { 'aria-label': ariaLabel })}
    >
      {ariaLabel === undefined && (
        <Label className="field-label">
          {label}
          {isRequired && <RequiredMark />}
        </Label>
      )}
      <Input
        className={`input ${inputClassName}`.trim()}
        ref={inputRef ?? null}
        {...(placeholder === undefined ? {} : { placeholder })}
      />
      {description !== undefined && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <FieldError className="field-error">{errorMessage}</FieldError>
    </TextField>
  );
}

/** "required" in words for everyone: an asterisk alone means little to many readers. */
export function RequiredMark() {
  return <span className="required-mark"> (required)</span>;
}
