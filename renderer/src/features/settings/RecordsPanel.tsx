import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { Button, FieldError, Form, Group, Input, Label, NumberField, Text } from 'react-aria-components';
import { failureMessage } from '../../client/failureMessage.ts';
import type { VaultSettings } from '../../../../shared/rpc/contract.std.ts';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { TextInputField } from '../../ui/TextInputField.tsx';
import type { VaultSettingsHandle } from './useVaultSettings.ts';
import { SettingsLoadState } from './SettingsLoadState.tsx';
import './settings.css';

/** The contract's bounds for the two record-keeping settings. */
const MAX_NAME = 120;
const MIN_WARNING_DAYS = 1;
const MAX_WARNING_DAYS = 365;

/** Who signs the notes, and how early consent reminders start. */
export function RecordsPanel({ settings }: { settings: VaultSettingsHandle }) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId} data-testid="records-settings">
      <h2 id={headingId}>Records</h2>
      <p className="panel-intro">How your session notes are signed and when consent reminders start.</p>
      <SettingsLoadState state={settings.state} onRetry={settings.retry} />
      {settings.state.status === 'ready' && (
        <RecordsSettingsForm saved={settings.state.settings} save={settings.save} />
      )}
    </section>
  );
}

interface RecordsSettingsFormProps {
  saved: VaultSettings;
  save: (changes: Partial<VaultSettings>) => Promise<VaultSettings>;
}

function RecordsSettingsForm({ saved, save }: RecordsSettingsFormProps) {
  const [name, setName] = useState(saved.practitionerName);
  const [warningDays, setWarningDays] = useState(saved.consentWarningDays);
  const [showErrors, setShowErrors] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'saved' | 'failed'; text: string } | null>(null);

  const trimmedName = name.trim();
  const nameError =
    trimmedName.length > MAX_NAME ? `Shorten the name to at most ${MAX_NAME} characters.` : null;
  const daysError =
    Number.isNaN(warningDays) ||
    !Number.isInteger(warningDays) ||
    warningDays < MIN_WARNING_DAYS ||
    warningDays > MAX_WARNING_DAYS
      ? `Enter a whole number of days from ${MIN_WARNING_DAYS} to ${MAX_WARNING_DAYS}.`
      : null;
  // An emptied field is wrong as soon as it is left, not only when saving.
  const showDaysError = daysError !== null && (showErrors || Number.isNaN(warningDays));
  const isDirty = trimmedName !== saved.practitionerName || warningDays !== saved.consentWarningDays;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setShowErrors(true);
    setOutcome(null);
    if (nameError !== null || daysError !== null || isSaving) return;
    setSaving(true);
    try {
      const stored = await save({ practitionerName: trimmedName, consentWarningDays: warningDays });
      setName(stored.practitionerName);
      setWarningDays(stored.consentWarningDays);
      setShowErrors(false);
      setOutcome({
        kind: 'saved',
        text:
          stored.practitionerName === ''
            ? `Saved. Outpost will ask for your name when you sign, and warns about consent expiring within ${daysText(stored.consentWarningDays)}.`
            : `Saved. Notes and addenda are signed as ${stored.practitionerName}, and consent expiring within ${daysText(stored.consentWarningDays)} shows as expiring soon.`,
      });
    } catch (error) {
      setOutcome({ kind: 'failed', text: failureMessage(error) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <Form
      validationBehavior="aria"
      className="panel-section form-stack"
      aria-label="Records settings"
      onSubmit={(event) => void submit(event)}
    >
      <TextInputField
        label="Your name on signed notes"
        value={name}
        onChange={(value) => {
          setName(value);
          setOutcome(null);
        }}
        maxLength={MAX_NAME}
        autoComplete="name"
        isReadOnly={isSaving}
        description="Used to sign session notes and addenda. Leave it empty to be asked each time you sign."
        errorMessage={showErrors ? nameError : null}
      />
      <NumberField
        className="field"
        value={warningDays}
        onChange={(value) => {
          setWarningDays(value);
          setOutcome(null);
        }}
        minValue={MIN_WARNING_DAYS}
        maxValue={MAX_WARNING_DAYS}
        step={1}
        formatOptions={{ maximumFractionDigits: 0 }}
        isReadOnly={isSaving}
        isInvalid={showDaysError}
        validationBehavior="aria"
      >
        <Label className="field-label">Warn about consents expiring within</Label>
        <Group className="input-with-unit">
          <Input className="input input-number" />
          <span className="input-unit" aria-hidden="true">
            days
          </span>
        </Group>
        <Text slot="description" className="field-description">
          In days, from {MIN_WARNING_DAYS} to {MAX_WARNING_DAYS}. Consent that ends within this period shows
          as &ldquo;Expiring soon&rdquo; and appears in the consent reminders.
        </Text>
        <FieldError className="field-error">{showDaysError ? daysError : null}</FieldError>
      </NumberField>
      {outcome?.kind === 'saved' && <StatusNotice tone="success">{outcome.text}</StatusNotice>}
      {outcome?.kind === 'failed' && <ErrorNotice>{outcome.text}</ErrorNotice>}
      <div className="button-row">
        <Button type="submit" className="button" isDisabled={!isDirty} isPending={isSaving}>
          Save records settings
        </Button>
      </div>
    </Form>
  );
}

function daysText(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}
