import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Form, Tag, TagGroup, TagList, Label, Text } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { RpcError } from '../../../../shared/rpc/errors.std.ts';
import type { Client } from '../../../../shared/rpc/recordSchemas.std.ts';
import type { Level } from '../../../../shared/domain/readiness.std.ts';
import { ModalDialog } from '../../ui/ModalDialog.tsx';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { RadioChoice } from '../../ui/RadioChoice.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { SwitchControl } from '../../ui/SwitchControl.tsx';
import { TextAreaField } from '../../ui/TextAreaField.tsx';
import { TextInputField } from '../../ui/TextInputField.tsx';
import { CloseIcon, PlusIcon } from '../../ui/recordIcons.tsx';
import {
  CHANNEL_KINDS,
  CLIENT_LIMITS,
  draftFromClient,
  emptyDraft,
  hasErrors,
  inputFromDraft,
  newChannelRow,
  serviceLevelFor,
  validateDraft,
} from './clientDraft.ts';
import type { ChannelKind, ClientDraft, ClientDraftErrors } from './clientDraft.ts';
import { CHANNEL_KIND_LABELS } from './recordText.ts';
import { ServiceLevelSummary } from './ServiceLevelSummary.tsx';
import { noteRecordsChanged } from './recordChanges.ts';

const LEVEL_OPTIONS = [
  { id: 'high', label: 'High' },
  { id: 'low', label: 'Low' },
  { id: 'unset', label: 'Not assessed' },
] as const;
type LevelChoice = (typeof LEVEL_OPTIONS)[number]['id'];

const CHANNEL_OPTIONS = CHANNEL_KINDS.map((kind) => ({ id: kind, label: CHANNEL_KIND_LABELS[kind] }));

function levelChoice(level: Level | null): LevelChoice {
  return level ?? 'unset';
}

function levelFromChoice(choice: LevelChoice): Level | null {
  return choice === 'unset' ? null : choice;
}

interface ClientFormDialogProps {
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  /** The client to edit; without one the form creates a new client. */
  client?: Client | null;
  /** Prefills "Assigned practitioner" for a new client. */
  practitionerName?: string;
  onSaved: (client: Client) => void;
}

export function ClientFormDialog({
  isOpen,
  onOpenChange,
  client = null,
  practitionerName = '',
  onSaved,
}: ClientFormDialogProps) {
  const isEditing = client !== null;
  return (
    <ModalDialog
      title={isEditing ? `Edit ${client.displayName}` : 'New client'}
      isOpen={isOpen}
      onOpenChange={onOpenChange}
      size="wide"
    >
      <ClientForm
        client={client}
        practitionerName={practitionerName}
        onCancel={() => onOpenChange(false)}
        onSaved={(saved) => {
          onOpenChange(false);
          onSaved(saved);
        }}
      />
    </ModalDialog>
  );
}

function ClientForm({
  client,
  practitionerName,
  onCancel,
  onSaved,
}: {
  client: Client | null;
  practitionerName: string;
  onCancel: () => void;
  onSaved: (client: Client) => void;
}) {
  const [draft, setDraft] = useState<ClientDraft>(() =>
    client === null ? emptyDraft(practitionerName) : draftFromClient(client),
  );
  const [showErrors, setShowErrors] = useState(false);
  const [serverFieldError, setServerFieldError] = useState<{ field: string; message: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  const [tagText, setTagText] = useState('');
  const formRef = useRef<HTMLFormElement>(null);

  const errors: ClientDraftErrors = showErrors ? validateDraft(draft) : {};
  const advice = serviceLevelFor(draft);

  function update(changes: Partial<ClientDraft>): void {
    setDraft((current) => ({ ...current, ...changes }));
    setServerFieldError(null);
  }

  function updateChannel(rowId: number, changes: { kind?: ChannelKind; value?: string }): void {
    setDraft((current) => ({
      ...current,
      channels: current.channels.map((row) => (row.rowId === rowId ? { ...row, ...changes } : row)),
    }));
  }

  function addTag(): void {
    const tag = tagText.trim();
    if (tag === '' || tag.length > CLIENT_LIMITS.MAX_TAG) return;
    if (!draft.tags.some((existing) => existing.toLowerCase() === tag.toLowerCase())) {
      update({ tags: [...draft.tags, tag] });
    }
    setTagText('');
  }

  // After a refused submit, take the person to the first field that needs attention.
  const [focusFirstError, setFocusFirstError] = useState(0);
  useEffect(() => {
    if (focusFirstError === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusFirstError]);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (isSaving) return;
    setShowErrors(true);
    if (hasErrors(validateDraft(draft))) {
      setFocusFirstError((count) => count + 1);
      return;
    }
    setSaving(true);
    setFailure(null);
    try {
      const input = inputFromDraft(draft);
      const saved =
        client === null
          ? await outpost.call('clients.create', input)
          : await outpost.call('clients.update', { id: client.id, changes: input });
      noteRecordsChanged();
      onSaved(saved);
    } catch (error) {
      if (error instanceof RpcError && error.code === 'INVALID_INPUT' && error.field !== undefined) {
        setServerFieldError({ field: error.field, message: error.message });
      }
      setFailure(failureMessage(error));
    } finally {
      setSaving(false);
    }
  }

  const serverError = (field: string) =>
    serverFieldError !== null && serverFieldError.field.startsWith(field) ? serverFieldError.message : null;

  return (
    <Form
      validationBehavior="aria"
      ref={formRef}
      className="form-stack client-form"
      onSubmit={(event) => void submit(event)}
    >
      <TextInputField
        label={draft.pseudonymous ? 'Alias' : 'Display name or alias'}
        value={draft.displayName}
        onChange={(displayName) => update({ displayName })}
        isRequired
        autoFocus
        maxLength={CLIENT_LIMITS.MAX_NAME}
        description="How the client appears in your lists and notes."
        errorMessage={errors.displayName ?? serverError('displayName')}
      />
      <SwitchControl
        label="Pseudonymous (alias only)"
        isSelected={draft.pseudonymous}
        onChange={(pseudonymous) => update({ pseudonymous })}
        description="For a client who gives only an alias, as many do in anonymous chat or social media services. No legal name is kept; avoid details that would identify them elsewhere too."
      />
      {!draft.pseudonymous && (
        <TextInputField
          label="Legal name"
          value={draft.legalName}
          onChange={(legalName) => update({ legalName })}
          maxLength={CLIENT_LIMITS.MAX_NAME}
          description="Optional. Kept encrypted, shown only on this client's record."
          errorMessage={errors.legalName ?? serverError('legalName')}
        />
      )}

      <fieldset className="form-fieldset">
        <legend className="field-label">How to reach the client</legend>
        {draft.channels.length === 0 && (
          <p className="muted">No channels yet. Add the email, phone, chat or social media handle you use.</p>
        )}
        <ul className="channel-rows">
          {draft.channels.map((row, index) => (
            <li key={row.rowId} className="channel-row">
              <SelectField
                label={`Channel ${index + 1} type`}
                options={CHANNEL_OPTIONS}
                value={row.kind}
                onChange={(kind) => updateChannel(row.rowId, { kind: kind as ChannelKind })}
              />
              <TextInputField
                label={`Channel ${index + 1} address or number`}
                value={row.value}
                onChange={(value) => updateChannel(row.rowId, { value })}
                type={row.kind === 'email' ? 'email' : row.kind === 'phone' ? 'tel' : 'text'}
                maxLength={CLIENT_LIMITS.MAX_NAME}
                className="channel-value"
                errorMessage={errors.channels?.[row.rowId] ?? serverError(`channels.${index}`)}
              />
              <Button
                className="button button-small channel-remove"
                aria-label={`Remove channel ${index + 1}`}
                onPress={() =>
                  update({ channels: draft.channels.filter((other) => other.rowId !== row.rowId) })
                }
              >
                <CloseIcon />
                Remove
              </Button>
            </li>
          ))}
        </ul>
        <Button
          className="button button-small"
          isDisabled={draft.channels.length >= CLIENT_LIMITS.MAX_CHANNELS}
          onPress={() => update({ channels: [...draft.channels, newChannelRow()] })}
        >
          <PlusIcon />
          Add channel
        </Button>
      </fieldset>

      <fieldset className="form-fieldset">
        <legend className="field-label">Readiness for career decisions</legend>
        <p className="field-description">
          Capability is the client&rsquo;s own side: knowing themselves and their options, and deciding
          without confusion or anxiety. Complexity is their circumstances: family, money, caring duties,
          health, visa or discrimination.
        </p>
        <div className="readiness-choices">
          <RadioChoice
            label="Capability"
            options={LEVEL_OPTIONS}
            value={levelChoice(draft.capability)}
            onChange={(choice) => update({ capability: levelFromChoice(choice) })}
            isSegmented
          />
          <RadioChoice
            label="Complexity"
            options={LEVEL_OPTIONS}
            value={levelChoice(draft.complexity)}
            onChange={(choice) => update({ complexity: levelFromChoice(choice) })}
            isSegmented
          />
        </div>
        <ServiceLevelSummary advice={advice} isLive />
        <TextAreaField
          label="Readiness notes"
          value={draft.readinessNotes}
          onChange={(readinessNotes) => update({ readinessNotes })}
          maxLength={CLIENT_LIMITS.MAX_NOTES}
          description="What the assessment rests on: signs of decision-making confusion, commitment anxiety, conflict with others, or pressures."
          errorMessage={errors.readinessNotes ?? serverError('readinessNotes')}
        />
      </fieldset>

      <TextInputField
        label="Assigned practitioner"
        value={draft.assignedPractitioner}
        onChange={(assignedPractitioner) => update({ assignedPractitioner })}
        maxLength={CLIENT_LIMITS.MAX_NAME}
        errorMessage={errors.assignedPractitioner ?? serverError('assignedPractitioner')}
      />

      <div className="field">
        <TagGroup
          className="tag-group"
          onRemove={(keys) => update({ tags: draft.tags.filter((tag) => !keys.has(tag)) })}
        >
          <Label className="field-label">Tags</Label>
          <TagList
            className="tag-list"
            items={draft.tags.map((tag) => ({ id: tag }))}
            renderEmptyState={() => <span className="muted">No tags yet.</span>}
          >
            {(item) => (
              <Tag id={item.id} className="tag" textValue={item.id}>
                {item.id}
                <Button slot="remove" className="tag-remove" aria-label={`Remove tag ${item.id}`}>
                  <CloseIcon />
                </Button>
              </Tag>
            )}
          </TagList>
          <Text slot="description" className="field-description">
            Short words to group clients, such as a programme or a region.
          </Text>
        </TagGroup>
        <div className="tag-add">
          <TextInputField
            label="New tag"
            value={tagText}
            onChange={setTagText}
            maxLength={CLIENT_LIMITS.MAX_TAG}
            errorMessage={errors.tags ?? serverError('tags')}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ',') {
                event.preventDefault();
                addTag();
              }
            }}
            description="Press Enter to add it."
          />
          <Button className="button button-small" onPress={addTag} isDisabled={tagText.trim() === ''}>
            Add tag
          </Button>
        </div>
      </div>

      {failure !== null && <ErrorNotice testId="client-form-error">{failure}</ErrorNotice>}
      <div className="button-row button-row-end">
        <Button className="button" onPress={onCancel}>
          Cancel
        </Button>
        <Button type="submit" className="button button-primary" isPending={isSaving}>
          {client === null ? 'Create client' : 'Save changes'}
        </Button>
      </div>
    </Form>
  );
}
