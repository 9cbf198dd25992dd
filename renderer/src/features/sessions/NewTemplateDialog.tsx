import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { ModalDialog } from '../../ui/ModalDialog.tsx';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PlusIcon } from '../../ui/recordIcons.tsx';
import { TextInputField } from '../../ui/TextInputField.tsx';
import { noteRecordsChanged } from '../clients/recordChanges.ts';
import { uniqueSectionKeys } from './templateKeys.ts';

/** The contract's bounds for a note template. */
const MAX_NAME = 80;
const MAX_LABEL = 80;
const MAX_HINT = 300;
const MAX_SECTIONS = 20;

interface SectionDraft {
  /** Stable across reordering, so each row keeps its fields and focus. */
  id: number;
  label: string;
  hint: string;
}

interface NewTemplateDialogProps {
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  onSaved: (name: string) => void;
}

export function NewTemplateDialog({ isOpen, onOpenChange, onSaved }: NewTemplateDialogProps) {
  const [isSaving, setSaving] = useState(false);
  return (
    <ModalDialog
      title="New note template"
      isOpen={isOpen}
      onOpenChange={(open) => {
        if (!isSaving) onOpenChange(open);
      }}
      size="wide"
      isDismissable={!isSaving}
    >
      <NewTemplateForm
        onSavingChange={setSaving}
        onCancel={() => onOpenChange(false)}
        onSaved={(name) => {
          onOpenChange(false);
          onSaved(name);
        }}
      />
    </ModalDialog>
  );
}

function NewTemplateForm({
  onSavingChange,
  onCancel,
  onSaved,
}: {
  onSavingChange: (isSaving: boolean) => void;
  onCancel: () => void;
  onSaved: (name: string) => void;
}) {
  const nextId = useRef(2);
  const listRef = useRef<HTMLOListElement>(null);
  const [name, setName] = useState('');
  const [sections, setSections] = useState<SectionDraft[]>([{ id: 1, label: '', hint: '' }]);
  const [showErrors, setShowErrors] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // After a move or removal the control that had focus may be gone or disabled: this says where it goes.
  const focusTarget = useRef<string | null>(null);
  const addButtonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const target = focusTarget.current;
    if (target === null) return;
    focusTarget.current = null;
    if (target === 'add') {
      addButtonRef.current?.focus();
      return;
    }
    const [id, part] = target.split('-');
    const selector = part === 'label' ? `.template-label-${id}` : `[data-focus="${target}"]`;
    listRef.current?.querySelector<HTMLElement>(selector)?.focus();
  }, [sections]);

  const keys = uniqueSectionKeys(sections.map((section) => section.label));
  const nameError = name.trim() === '' ? 'Give the template a name, for example “Group session”.' : null;
  const labelError = (section: SectionDraft): string | null =>
    section.label.trim() === '' ? 'Give this section a label, or remove it.' : null;
  const hasErrors = nameError !== null || sections.some((section) => labelError(section) !== null);

  function update(id: number, changes: Partial<SectionDraft>): void {
    setSections((current) =>
      current.map((section) => (section.id === id ? { ...section, ...changes } : section)),
    );
  }

  function add(): void {
    const id = nextId.current++;
    setSections((current) => [...current, { id, label: '', hint: '' }]);
    focusTarget.current = `${id}-label`;
  }

  function remove(index: number): void {
    const after = sections[index + 1] ?? sections[index - 1];
    setSections((current) => current.filter((_, position) => position !== index));
    focusTarget.current = after === undefined ? 'add' : `${after.id}-label`;
  }

  function move(index: number, by: -1 | 1): void {
    const target = index + by;
    const moving = sections[index];
    if (moving === undefined || target < 0 || target >= sections.length) return;
    setSections((current) => {
      const next = [...current];
      const [item] = next.splice(index, 1);
      if (item !== undefined) next.splice(target, 0, item);
      return next;
    });
    // At the top or bottom the same button is disabled; the other direction takes focus.
    const atEnd = by === -1 ? target === 0 : target === sections.length - 1;
    const direction = by === -1 ? (atEnd ? 'down' : 'up') : atEnd ? 'up' : 'down';
    focusTarget.current = `${moving.id}-${direction}`;
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setShowErrors(true);
    if (hasErrors || isSaving) return;
    setSaving(true);
    onSavingChange(true);
    setFailure(null);
    try {
      await outpost.call('notes.saveTemplate', {
        name: name.trim(),
        sections: sections.map((section, index) => ({
          key: keys[index] ?? `section_${index + 1}`,
          label: section.label.trim(),
          hint: section.hint.trim(),
        })),
      });
      noteRecordsChanged();
      onSavingChange(false);
      onSaved(name.trim());
    } catch (error) {
      setFailure(failureMessage(error));
      setSaving(false);
      onSavingChange(false);
    }
  }

  return (
    <Form validationBehavior="aria" className="form-stack" onSubmit={(event) => void submit(event)}>
      <TextInputField
        label="Template name"
        value={name}
        onChange={setName}
        isRequired
        autoFocus
        maxLength={MAX_NAME}
        isReadOnly={isSaving}
        description="Shown in the Template choice when you start a note."
        errorMessage={showErrors ? nameError : null}
      />
      <fieldset className="template-sections">
        <legend className="field-label">Sections, in the order they appear in a note</legend>
        <ol className="template-section-list" ref={listRef}>
          {sections.map((section, index) => {
            const number = index + 1;
            return (
              <li key={section.id} className="template-section-row" data-testid="template-section">
                <div className="template-section-fields">
                  <TextInputField
                    label={`Section ${number} label`}
                    value={section.label}
                    onChange={(label) => update(section.id, { label })}
                    isRequired
                    maxLength={MAX_LABEL}
                    isReadOnly={isSaving}
                    description={
                      section.label.trim() === '' ? undefined : (
                        <>
                          Stored as <code>{keys[index]}</code>
                        </>
                      )
                    }
                    errorMessage={showErrors ? labelError(section) : null}
                    className="template-section-label"
                    inputClassName={`template-label-${section.id}`}
                  />
                  <TextInputField
                    label={`Section ${number} hint (optional)`}
                    value={section.hint}
                    onChange={(hint) => update(section.id, { hint })}
                    maxLength={MAX_HINT}
                    isReadOnly={isSaving}
                    description="A short prompt shown under the section heading while you write."
                  />
                </div>
                <div className="template-section-actions" role="group" aria-label={`Section ${number}`}>
                  <Button
                    className="button button-small"
                    aria-label={`Move section ${number} up`}
                    data-focus={`${section.id}-up`}
                    isDisabled={index === 0 || isSaving}
                    onPress={() => move(index, -1)}
                  >
                    Move up
                  </Button>
                  <Button
                    className="button button-small"
                    aria-label={`Move section ${number} down`}
                    data-focus={`${section.id}-down`}
                    isDisabled={index === sections.length - 1 || isSaving}
                    onPress={() => move(index, 1)}
                  >
                    Move down
                  </Button>
                  <Button
                    className="button button-small button-danger"
                    aria-label={`Remove section ${number}`}
                    isDisabled={sections.length === 1 || isSaving}
                    onPress={() => remove(index)}
                  >
                    Remove
                  </Button>
                </div>
              </li>
            );
          })}
        </ol>
        <Button
          ref={addButtonRef}
          className="button button-small"
          onPress={add}
          isDisabled={sections.length >= MAX_SECTIONS || isSaving}
        >
          <PlusIcon />
          Add section
        </Button>
        {sections.length >= MAX_SECTIONS && (
          <p className="field-description">A template has at most {MAX_SECTIONS} sections.</p>
        )}
      </fieldset>
      {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
      <div className="button-row button-row-end">
        <Button className="button" onPress={onCancel} isDisabled={isSaving}>
          Cancel
        </Button>
        <Button type="submit" className="button button-primary" isPending={isSaving}>
          Save template
        </Button>
      </div>
    </Form>
  );
}
