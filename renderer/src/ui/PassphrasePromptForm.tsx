import type { RefObject } from 'react';
import { Button, Form } from 'react-aria-components';
import { ErrorNotice } from './Notice.tsx';
import { PassphraseField } from './PassphraseField.tsx';
import { PendingBar } from './PendingBar.tsx';

interface PassphrasePromptFormProps {
  /** Names the form for assistive technology, e.g. the action it confirms. */
  formLabel: string;
  fieldLabel: string;
  description: string;
  passphrase: string;
  onPassphraseChange: (value: string) => void;
  submitLabel: string;
  pendingLabel: string;
  isPending: boolean;
  error: string | null;
  errorTestId: string;
  onSubmit: () => void;
  onCancel: () => void;
  inputRef?: RefObject<HTMLInputElement | null>;
}

/** Asks for a passphrase before a sensitive action: one field, its error, progress, Cancel and the action. */
export function PassphrasePromptForm(props: PassphrasePromptFormProps) {
  return (
    <Form
      className="form-stack"
      aria-label={props.formLabel}
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit();
      }}
    >
      <PassphraseField
        label={props.fieldLabel}
        value={props.passphrase}
        onChange={props.onPassphraseChange}
        autoComplete="current-password"
        autoFocus
        isReadOnly={props.isPending}
        description={props.description}
        {...(props.inputRef === undefined ? {} : { inputRef: props.inputRef })}
      />
      {props.error !== null && <ErrorNotice testId={props.errorTestId}>{props.error}</ErrorNotice>}
      {props.isPending && <PendingBar label={props.pendingLabel} />}
      <div className="button-row button-row-end">
        <Button className="button" onPress={props.onCancel} isDisabled={props.isPending}>
          Cancel
        </Button>
        <Button
          type="submit"
          className="button button-primary"
          isDisabled={props.passphrase === ''}
          isPending={props.isPending}
        >
          {props.submitLabel}
        </Button>
      </div>
    </Form>
  );
}
