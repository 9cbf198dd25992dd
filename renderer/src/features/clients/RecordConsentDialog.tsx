import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, FileTrigger, Form } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import {
  CONSENT_KINDS,
  CONSENT_METHODS,
  DISTANCE_MODALITIES,
} from '../../../../shared/domain/consent.std.ts';
import type { ConsentKind, ConsentMethod, Modality } from '../../../../shared/domain/consent.std.ts';
import type { Client, ConsentRecord, ConsentTemplate } from '../../../../shared/rpc/recordSchemas.std.ts';
import { CheckboxGroupField } from '../../ui/CheckboxGroupField.tsx';
import { DatePickerField } from '../../ui/DatePickerField.tsx';
import { ModalDialog } from '../../ui/ModalDialog.tsx';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { RadioChoice } from '../../ui/RadioChoice.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { formatBytes } from '../../ui/format.ts';
import { CloseIcon } from '../../ui/recordIcons.tsx';
import { endOfDayIso, formatDay, givenAtIso, todayDate } from './dates.ts';
import type { CalendarDate } from './dates.ts';
import { MAX_EVIDENCE_BYTES, readEvidenceFile } from './readEvidenceFile.ts';
import type { EvidenceFile } from './readEvidenceFile.ts';
import { noteRecordsChanged } from './recordChanges.ts';
import {
  CONSENT_KIND_LABELS,
  CONSENT_KIND_PURPOSES,
  CONSENT_METHOD_LABELS,
  MODALITY_LABELS,
  listText,
} from './recordText.ts';
import { useLoad } from './useLoad.ts';

const KIND_OPTIONS = CONSENT_KINDS.map((kind) => ({ id: kind, label: CONSENT_KIND_LABELS[kind] }));
const METHOD_OPTIONS = CONSENT_METHODS.map((method) => ({
  id: method,
  label: CONSENT_METHOD_LABELS[method],
}));
const MODALITY_OPTIONS = DISTANCE_MODALITIES.map((modality) => ({
  id: modality,
  label: MODALITY_LABELS[modality],
}));

/** The newest version of each kind's text: new consent is always given under it. */
export function latestTemplates(templates: readonly ConsentTemplate[]): Map<ConsentKind, ConsentTemplate> {
  const latest = new Map<ConsentKind, ConsentTemplate>();
  for (const template of templates) {
    const current = latest.get(template.kind);
    if (current === undefined || template.version > current.version) latest.set(template.kind, template);
  }
  return latest;
}

interface RecordConsentDialogProps {
  client: Client;
  initialKind: ConsentKind;
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  onRecorded?: (record: ConsentRecord) => void;
}

export function RecordConsentDialog({
  client,
  initialKind,
  isOpen,
  onOpenChange,
  onRecorded,
}: RecordConsentDialogProps) {
  return (
    <ModalDialog
      title={`Record consent for ${client.displayName}`}
      isOpen={isOpen}
      onOpenChange={onOpenChange}
      size="wide"
    >
      <RecordConsentForm
        client={client}
        initialKind={initialKind}
        onCancel={() => onOpenChange(false)}
        onRecorded={(record) => {
          onOpenChange(false);
          onRecorded?.(record);
        }}
      />
    </ModalDialog>
  );
}

function RecordConsentForm({
  client,
  initialKind,
  onCancel,
  onRecorded,
}: {
  client: Client;
  initialKind: ConsentKind;
  onCancel: () => void;
  onRecorded: (record: ConsentRecord) => void;
}) {
  const [templates] = useLoad(() => outpost.call('consent.templates', {}), 'consent-templates');
  const [kind, setKind] = useState<ConsentKind>(initialKind);
  const [modalities, setModalities] = useState<Modality[]>([]);
  const [givenOn, setGivenOn] = useState<CalendarDate | null>(() => todayDate());
  const [method, setMethod] = useState<ConsentMethod>('electronic');
  const [explained, setExplained] = useState<string[]>([]);
  const [expiresOn, setExpiresOn] = useState<CalendarDate | null>(null);
  const [evidence, setEvidence] = useState<EvidenceFile | null>(null);
  const [evidenceError, setEvidenceError] = useState<string | null>(null);
  const [isReadingFile, setReadingFile] = useState(false);
  const [showErrors, setShowErrors] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  if (templates.status === 'loading') return <PendingBar label="Loading the consent texts…" />;
  if (templates.status === 'failed') return <ErrorNotice>{templates.message}</ErrorNotice>;
  const template = latestTemplates(templates.data.templates).get(kind);
  const isDistance = kind === 'distance_counselling';

  const today = todayDate();
  const errors = {
    modalities:
      isDistance && modalities.length === 0 ? 'Tick each way of working the client agreed to.' : null,
    givenOn:
      givenOn === null
        ? 'Enter the date the client gave consent.'
        : givenOn.compare(today) > 0
          ? 'Consent cannot be given in the future.'
          : null,
    expiresOn:
      expiresOn !== null && givenOn !== null && expiresOn.compare(givenOn) <= 0
        ? 'The expiry date must come after the date given.'
        : null,
  };
  const notExplained = (template?.checklist ?? []).filter((item) => !explained.includes(item.key));

  async function chooseFile(files: FileList | null): Promise<void> {
    const file = files?.[0];
    if (file === undefined) return;
    setEvidenceError(null);
    if (file.size > MAX_EVIDENCE_BYTES) {
      setEvidence(null);
      setEvidenceError(
        `${file.name} is ${formatBytes(file.size)}; evidence files can be at most 10 MB. Scan at a lower resolution or save as PDF.`,
      );
      return;
    }
    setReadingFile(true);
    try {
      setEvidence(await readEvidenceFile(file));
    } catch {
      setEvidenceError('That file could not be read. Try saving a copy and choosing it again.');
    } finally {
      setReadingFile(false);
    }
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setShowErrors(true);
    if (template === undefined || givenOn === null || Object.values(errors).some((error) => error !== null))
      return;
    setSaving(true);
    setFailure(null);
    try {
      const record = await outpost.call('consent.record', {
        clientId: client.id,
        templateId: template.id,
        givenAt: givenAtIso(givenOn),
        method,
        modalities: isDistance ? modalities : [],
        explained,
        expiresAt: expiresOn === null ? null : endOfDayIso(expiresOn),
        evidence: evidence === null ? null : { name: evidence.name, base64: evidence.base64 },
      });
      noteRecordsChanged();
      onRecorded(record);
    } catch (error) {
      setFailure(failureMessage(error));
      setSaving(false);
    }
  }

  return (
    <Form
      validationBehavior="aria"
      className="form-stack consent-form"
      onSubmit={(event) => void submit(event)}
    >
      <SelectField
        label="Kind of consent"
        options={KIND_OPTIONS}
        value={kind}
        onChange={(value) => {
          setKind(value as ConsentKind);
          setExplained([]);
        }}
        description={CONSENT_KIND_PURPOSES[kind]}
      />

      {template !== undefined && (
        <section className="consent-text" aria-labelledby="consent-text-title">
          <p className="consent-text-version muted">
            Version {template.version} · in use since {formatDay(template.createdAt)}
          </p>
          <h3 id="consent-text-title">{template.title}</h3>
          <div className="consent-text-body" tabIndex={0} role="document" aria-label="Consent text">
            {template.body.split('\n').map((paragraph, index) => (
              <p key={index}>{paragraph}</p>
            ))}
          </div>
        </section>
      )}

      {isDistance && (
        <CheckboxGroupField
          label="Ways of working it covers"
          options={MODALITY_OPTIONS}
          value={modalities}
          onChange={(value) => setModalities(value as Modality[])}
          isInline
          description="A session by a way not ticked here will need new consent or a recorded reason."
          errorMessage={showErrors ? errors.modalities : null}
        />
      )}

      {template !== undefined && template.checklist.length > 0 && (
        <CheckboxGroupField
          label="What you explained"
          options={template.checklist.map((item) => ({ id: item.key, label: item.label }))}
          value={explained}
          onChange={setExplained}
          description={
            notExplained.length === 0
              ? 'Every point was explained.'
              : `Consent is informed when each point is covered. Still to explain: ${listText(notExplained.map((item) => item.label.toLowerCase()))}.`
          }
        />
      )}

      <div className="form-row">
        <DatePickerField<CalendarDate>
          label="Date given"
          value={givenOn}
          onChange={setGivenOn}
          isRequired
          maxValue={today}
          errorMessage={showErrors ? errors.givenOn : null}
        />
        <DatePickerField<CalendarDate>
          label="Expires on"
          value={expiresOn}
          onChange={setExpiresOn}
          description="Optional. Many services ask clients to renew consent every year."
          errorMessage={showErrors ? errors.expiresOn : null}
        />
      </div>

      <RadioChoice
        label="How consent was given"
        options={METHOD_OPTIONS}
        value={method}
        onChange={setMethod}
      />

      <div className="field evidence-field">
        <span className="field-label" id="evidence-label">
          Evidence (optional)
        </span>
        <p className="field-description" id="evidence-description">
          A scan or photo of the signed form, or the client&rsquo;s email saved as a file. At most 10 MB;
          stored encrypted with its fingerprint.
        </p>
        {evidence === null ? (
          <FileTrigger
            onSelect={(files) => void chooseFile(files)}
            acceptedFileTypes={['application/pdf', 'image/*', 'message/rfc822', 'text/plain']}
          >
            <Button
              className="button button-small"
              isPending={isReadingFile}
              aria-describedby="evidence-description"
            >
              Attach a file…
            </Button>
          </FileTrigger>
        ) : (
          <div className="evidence-chosen" data-testid="evidence-file">
            <span>
              {evidence.name} <span className="muted">({formatBytes(evidence.bytes)})</span>
            </span>
            <Button
              className="button button-small"
              onPress={() => setEvidence(null)}
              aria-label={`Remove ${evidence.name}`}
            >
              <CloseIcon />
              Remove
            </Button>
          </div>
        )}
        {evidenceError !== null && (
          <p className="field-error" role="alert">
            {evidenceError}
          </p>
        )}
      </div>

      {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
      <div className="button-row button-row-end">
        <Button className="button" onPress={onCancel}>
          Cancel
        </Button>
        <Button
          type="submit"
          className="button button-primary"
          isPending={isSaving}
          isDisabled={template === undefined}
        >
          Record consent
        </Button>
      </div>
    </Form>
  );
}
