import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Form, Group, Input, Label, NumberField } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { MODALITIES } from '../../../../shared/domain/consent.std.ts';
import type { Modality } from '../../../../shared/domain/consent.std.ts';
import { RpcError, describeError } from '../../../../shared/rpc/errors.std.ts';
import type { Client, Note } from '../../../../shared/rpc/recordSchemas.std.ts';
import { DatePickerField } from '../../ui/DatePickerField.tsx';
import { ModalDialog } from '../../ui/ModalDialog.tsx';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { RadioChoice } from '../../ui/RadioChoice.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { TextAreaField } from '../../ui/TextAreaField.tsx';
import { dateTimeIso, nowDateTime } from '../clients/dates.ts';
import type { CalendarDateTime } from '../clients/dates.ts';
import { noteRecordsChanged } from '../clients/recordChanges.ts';
import { MODALITY_LABELS } from '../clients/recordText.ts';
import { RecordConsentDialog } from '../clients/RecordConsentDialog.tsx';
import { useLoad } from '../clients/useLoad.ts';

const MODALITY_OPTIONS = MODALITIES.map((modality) => ({ id: modality, label: MODALITY_LABELS[modality] }));
const TIMING_OPTIONS = [
  { id: 'live', label: 'Live' },
  { id: 'written', label: 'Written' },
] as const;

/** The schema's bounds for a consent override reason. */
const MIN_OVERRIDE_REASON = 5;
const MAX_OVERRIDE_REASON = 500;

/** The way of working the client is most likely reached by: their first channel. */
function likelyModality(client: Client): Modality {
  const first = client.channels[0]?.kind;
  return first === undefined ? 'in_person' : first;
}

interface NewNoteDialogProps {
  client: Client;
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  onCreated: (note: Note) => void;
}

export function NewNoteDialog({ client, isOpen, onOpenChange, onCreated }: NewNoteDialogProps) {
  return (
    <ModalDialog
      title={`New session note for ${client.displayName}`}
      isOpen={isOpen}
      onOpenChange={onOpenChange}
      size="wide"
    >
      <NewNoteForm
        client={client}
        onCancel={() => onOpenChange(false)}
        onCreated={(note) => {
          onOpenChange(false);
          onCreated(note);
        }}
      />
    </ModalDialog>
  );
}

function NewNoteForm({
  client,
  onCancel,
  onCreated,
}: {
  client: Client;
  onCancel: () => void;
  onCreated: (note: Note) => void;
}) {
  const [templates] = useLoad(() => outpost.call('notes.templates', {}), 'note-templates');
  const [templateKey, setTemplateKey] = useState('dap');
  const [modality, setModality] = useState<Modality>(() => likelyModality(client));
  const [timing, setTiming] = useState<'live' | 'written'>(() =>
    likelyModality(client) === 'email' ? 'written' : 'live',
  );
  const [sessionAt, setSessionAt] = useState<CalendarDateTime | null>(() => nowDateTime());
  const [duration, setDuration] = useState(Number.NaN);
  const [showErrors, setShowErrors] = useState(false);
  const [isCreating, setCreating] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // The core refused for want of consent: the counsellor chooses what happens next.
  const [consentRefused, setConsentRefused] = useState(false);
  const [isOverriding, setOverriding] = useState(false);
  const [overrideReason, setOverrideReason] = useState('');
  const [showOverrideError, setShowOverrideError] = useState(false);
  const [isRecordingConsent, setRecordingConsent] = useState(false);

  const sessionError = sessionAt === null ? 'Enter when the session took place.' : null;
  const overrideError =
    overrideReason.trim().length < MIN_OVERRIDE_REASON
      ? `Give the reason in at least ${MIN_OVERRIDE_REASON} characters, for example “crisis contact”.`
      : null;

  async function create(consentOverride: string | null): Promise<void> {
    if (sessionAt === null) return;
    setCreating(true);
    setFailure(null);
    try {
      const note = await outpost.call('notes.createDraft', {
        clientId: client.id,
        templateKey,
        modality,
        synchronous: timing === 'live',
        sessionAt: dateTimeIso(sessionAt),
        durationMinutes: Number.isNaN(duration) ? null : Math.round(duration),
        consentOverride,
      });
      noteRecordsChanged();
      onCreated(note);
    } catch (error) {
      setCreating(false);
      if (error instanceof RpcError && error.code === 'CONSENT_REQUIRED') {
        setConsentRefused(true);
        return;
      }
      setFailure(failureMessage(error));
    }
  }

  function submit(event: FormEvent): void {
    event.preventDefault();
    setShowErrors(true);
    if (sessionError !== null || isCreating) return;
    if (isOverriding) {
      setShowOverrideError(true);
      if (overrideError !== null) return;
      void create(overrideReason.trim());
      return;
    }
    void create(null);
  }

  function changeModality(value: string): void {
    setModality(value as Modality);
    // Another way of working may be covered; the next attempt asks the core again.
    setConsentRefused(false);
    setOverriding(false);
  }

  if (templates.status === 'loading') return <PendingBar label="Loading note templates…" />;
  if (templates.status === 'failed') return <ErrorNotice>{templates.message}</ErrorNotice>;
  const templateOptions = templates.data.templates.map((template) => ({
    id: template.key,
    label: template.name,
  }));
  const chosenTemplate = templates.data.templates.find((template) => template.key === templateKey);

  return (
    <>
      <Form validationBehavior="aria" className="form-stack" onSubmit={submit}>
        <SelectField
          label="Template"
          options={templateOptions}
          value={templateKey}
          onChange={setTemplateKey}
          {...(chosenTemplate === undefined
            ? {}
            : {
                description: `Sections: ${chosenTemplate.sections.map((section) => section.label).join(', ')}.`,
              })}
        />
        <div className="form-row">
          <SelectField
            label="Way of working"
            options={MODALITY_OPTIONS}
            value={modality}
            onChange={changeModality}
          />
          <RadioChoice
            label="Timing"
            options={TIMING_OPTIONS}
            value={timing}
            onChange={setTiming}
            isSegmented
            description="Live: at the same time, as in a call or chat. Written: replies in turn, as by email."
          />
        </div>
        <div className="form-row">
          <DatePickerField<CalendarDateTime>
            label="Date and time"
            value={sessionAt}
            onChange={setSessionAt}
            granularity="minute"
            isRequired
            errorMessage={showErrors ? sessionError : null}
          />
          <NumberField
            className="field"
            value={duration}
            onChange={setDuration}
            minValue={0}
            maxValue={1440}
            step={5}
            formatOptions={{ maximumFractionDigits: 0 }}
          >
            <Label className="field-label">Duration (minutes)</Label>
            <Group className="number-group">
              <Input className="input input-number" placeholder="Optional" />
            </Group>
          </NumberField>
        </div>

        {consentRefused && (
          <div className="consent-refused" data-testid="consent-refused">
            <ErrorNotice>
              <p>{describeError('CONSENT_REQUIRED')}</p>
              <p>
                {client.displayName} has no distance-counselling consent in force that covers{' '}
                {MODALITY_LABELS[modality].toLowerCase()}.
              </p>
            </ErrorNotice>
            {!isOverriding && (
              <div className="button-row">
                <Button className="button button-primary" onPress={() => setRecordingConsent(true)}>
                  Record consent
                </Button>
                <Button className="button" onPress={() => setOverriding(true)}>
                  Go ahead anyway (e.g. crisis contact)
                </Button>
              </div>
            )}
            {isOverriding && (
              <TextAreaField
                label="Reason for going ahead without consent"
                value={overrideReason}
                onChange={setOverrideReason}
                isRequired
                autoFocus
                maxLength={MAX_OVERRIDE_REASON}
                description="Kept with the note. The audit log records that consent was overridden, without the reason."
                errorMessage={showOverrideError ? overrideError : null}
              />
            )}
          </div>
        )}

        {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
        <div className="button-row button-row-end">
          <Button className="button" onPress={onCancel}>
            Cancel
          </Button>
          {(!consentRefused || isOverriding) && (
            <Button type="submit" className="button button-primary" isPending={isCreating}>
              {isOverriding ? 'Start note without consent' : 'Start note'}
            </Button>
          )}
        </div>
      </Form>
      {/* Outside the form: a submit in the nested dialog must not reach this form's handler. */}
      <RecordConsentDialog
        client={client}
        initialKind="distance_counselling"
        isOpen={isRecordingConsent}
        onOpenChange={setRecordingConsent}
        onRecorded={() => {
          setConsentRefused(false);
          void create(null);
        }}
      />
    </>
  );
}
