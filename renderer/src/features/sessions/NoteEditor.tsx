import { useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode, Ref } from 'react';
import { Button, Form, Input, Label, NumberField, Group } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { RECORD_SHORTCUTS, shortcutAria, shortcutLabel, useShortcut } from '../../app/shortcuts.ts';
import type { Client, Note } from '../../../../shared/rpc/recordSchemas.std.ts';
import { Badge } from '../../ui/Badge.tsx';
import { ModalDialog } from '../../ui/ModalDialog.tsx';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { TextAreaField } from '../../ui/TextAreaField.tsx';
import { TextInputField } from '../../ui/TextInputField.tsx';
import { ChevronLeftIcon } from '../../ui/icons.tsx';
import { CircleCheckIcon, PenIcon } from '../../ui/recordIcons.tsx';
import { formatDayTime } from '../clients/dates.ts';
import { SaveStatusText } from '../../ui/SaveStatusText.tsx';
import { noteRecordsChanged } from '../clients/recordChanges.ts';
import { NewTaskForm, TaskList } from '../clients/TaskList.tsx';
import { useLoad } from '../clients/useLoad.ts';
import { hashPrefix, sectionsOf, sessionFacts, templateName } from './noteText.ts';
import type { NoteTemplateInfo, TemplateSection } from './noteText.ts';
import { SignNoteDialog } from './SignNoteDialog.tsx';
import { useDraftAutosave } from './useDraftAutosave.ts';

interface NoteEditorProps {
  noteId: string;
  client: Client;
  onBack: () => void;
}

/** A note open for writing (a draft) or for reading (signed, with its addenda). */
export function NoteEditor({ noteId, client, onBack }: NoteEditorProps) {
  const [loaded, reload] = useLoad(
    () =>
      Promise.all([outpost.call('notes.get', { id: noteId }), outpost.call('notes.templates', {})]).then(
        ([note, { templates }]) => ({ note, templates }),
      ),
    noteId,
  );
  // The note as the core last returned it (signed, addendum added), shown without waiting for a reload.
  const [latestNote, setLatestNote] = useState<Note | null>(null);

  const back = (
    <Button className="button button-small back-button" onPress={onBack}>
      <ChevronLeftIcon />
      All notes for {client.displayName}
    </Button>
  );

  if (loaded.status === 'loading') return <PendingBar label="Opening the note…" />;
  if (loaded.status === 'failed') {
    return (
      <div className="records-error">
        <ErrorNotice>{loaded.message}</ErrorNotice>
        <div className="button-row">
          <Button className="button" onPress={reload}>
            Try again
          </Button>
          {back}
        </div>
      </div>
    );
  }
  const note = latestNote ?? loaded.data.note;
  const { templates } = loaded.data;
  return (
    <div className="note-editor">
      {back}
      {note.status === 'draft' ? (
        <DraftEditor
          key={note.id}
          note={note}
          templates={templates}
          onSigned={(signed) => {
            setLatestNote(signed);
            noteRecordsChanged();
          }}
          onDeleted={() => {
            noteRecordsChanged();
            onBack();
          }}
        />
      ) : (
        <SignedNote note={note} templates={templates} onChanged={setLatestNote} />
      )}
    </div>
  );
}

function NoteHeading({
  note,
  templates,
  badge,
  headingRef,
}: {
  note: Note;
  templates: readonly NoteTemplateInfo[];
  badge: ReactNode;
  headingRef?: Ref<HTMLHeadingElement>;
}) {
  return (
    <div className="note-heading">
      <h3 id={`note-heading-${note.id}`} tabIndex={-1} ref={headingRef ?? null}>
        {templateName(note.templateKey, templates)} note
      </h3>
      {badge}
      <p className="muted note-facts">{sessionFacts(note)}</p>
      {note.consentOverride !== null && (
        <p className="note-override">
          <strong>Started without consent in force.</strong> Reason recorded: {note.consentOverride}
        </p>
      )}
    </div>
  );
}

function DraftEditor({
  note,
  templates,
  onSigned,
  onDeleted,
}: {
  note: Note;
  templates: readonly NoteTemplateInfo[];
  onSigned: (note: Note) => void;
  onDeleted: () => void;
}) {
  const sections = sectionsOf(note, templates);
  const autosave = useDraftAutosave(
    note.id,
    { content: note.content, durationMinutes: note.durationMinutes },
    note.updatedAt,
  );
  const [isSigning, setSigning] = useState(false);
  const [isDeleting, setDeleting] = useState(false);

  useShortcut(RECORD_SHORTCUTS.saveNote, () => void autosave.saveNow());
  useShortcut(RECORD_SHORTCUTS.signNote, () => setSigning(true), !isSigning);

  return (
    <article className="note" aria-labelledby={`note-heading-${note.id}`} data-testid="note-editor">
      <div className="note-toolbar">
        <NoteHeading
          note={note}
          templates={templates}
          badge={
            <Badge tone="info" icon={<PenIcon />}>
              Draft
            </Badge>
          }
        />
        <SaveStatusText status={autosave.status} />
      </div>
      {autosave.status.failure !== null && (
        <ErrorNotice>
          <p>
            {autosave.status.failure} Your typing is still here; Outpost will try again when you next type, or
            press Save now.
          </p>
        </ErrorNotice>
      )}

      <div className="note-sections">
        {sections.map((section, index) => (
          <NoteSectionField
            key={section.key}
            // Opening a draft puts the cursor where the writing starts.
            autoFocus={index === 0}
            section={section}
            value={autosave.values.content[section.key] ?? ''}
            onChange={(text) => autosave.setSection(section.key, text)}
            onBlur={() => void autosave.saveNow()}
          />
        ))}
      </div>

      <NumberField
        className="field duration-field"
        value={autosave.values.durationMinutes ?? Number.NaN}
        onChange={(minutes) => autosave.setDuration(Number.isNaN(minutes) ? null : Math.round(minutes))}
        minValue={0}
        maxValue={1440}
        step={5}
        formatOptions={{ maximumFractionDigits: 0 }}
      >
        <Label className="field-label">Duration (minutes)</Label>
        <Group className="number-group">
          <Input className="input input-number" onBlur={() => void autosave.saveNow()} />
        </Group>
      </NumberField>

      <div className="button-row note-actions">
        <Button
          className="button"
          onPress={() => void autosave.saveNow()}
          aria-keyshortcuts={shortcutAria(RECORD_SHORTCUTS.saveNote)}
        >
          Save now
          <kbd className="shortcut" aria-hidden="true">
            {shortcutLabel(RECORD_SHORTCUTS.saveNote)}
          </kbd>
        </Button>
        <Button
          className="button button-primary"
          onPress={() => setSigning(true)}
          aria-keyshortcuts={shortcutAria(RECORD_SHORTCUTS.signNote)}
        >
          Sign…
          <kbd className="shortcut" aria-hidden="true">
            {shortcutLabel(RECORD_SHORTCUTS.signNote)}
          </kbd>
        </Button>
        <Button className="button button-danger" onPress={() => setDeleting(true)}>
          Delete draft…
        </Button>
      </div>

      <NoteTasks note={note} />

      <SignNoteDialog
        noteId={note.id}
        isOpen={isSigning}
        onOpenChange={setSigning}
        saveNow={autosave.saveNow}
        onSigned={(signed) => {
          setSigning(false);
          onSigned(signed);
        }}
      />
      <DeleteDraftDialog
        noteId={note.id}
        isOpen={isDeleting}
        onOpenChange={setDeleting}
        onDeleted={onDeleted}
      />
    </article>
  );
}

function NoteSectionField({
  section,
  value,
  onChange,
  onBlur,
  autoFocus = false,
}: {
  section: TemplateSection;
  value: string;
  onChange?: (text: string) => void;
  onBlur?: () => void;
  autoFocus?: boolean;
}) {
  return (
    <TextAreaField
      label={section.label}
      autoFocus={autoFocus}
      value={value}
      rows={4}
      maxLength={100_000}
      {...(section.hint === '' ? {} : { description: section.hint })}
      {...(onChange === undefined ? { isReadOnly: true } : { onChange })}
      {...(onBlur === undefined ? {} : { onBlur })}
      className="note-section"
    />
  );
}

function DeleteDraftDialog({
  noteId,
  isOpen,
  onOpenChange,
  onDeleted,
}: {
  noteId: string;
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  onDeleted: () => void;
}) {
  const [isDeleting, setDeleting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function remove(): Promise<void> {
    setDeleting(true);
    setFailure(null);
    try {
      await outpost.call('notes.deleteDraft', { id: noteId });
      onOpenChange(false);
      onDeleted();
    } catch (error) {
      setFailure(failureMessage(error));
      setDeleting(false);
    }
  }

  return (
    <ModalDialog title="Delete this draft?" isOpen={isOpen} onOpenChange={onOpenChange} role="alertdialog">
      <p>The draft and everything typed in it are removed for good. Signed notes cannot be deleted.</p>
      {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
      <div className="button-row button-row-end">
        <Button className="button" onPress={() => onOpenChange(false)} autoFocus>
          Keep the draft
        </Button>
        <Button className="button button-danger" onPress={() => void remove()} isPending={isDeleting}>
          Delete draft
        </Button>
      </div>
    </ModalDialog>
  );
}

function SignedNote({
  note,
  templates,
  onChanged,
}: {
  note: Note;
  templates: readonly NoteTemplateInfo[];
  onChanged: (note: Note) => void;
}) {
  const sections = sectionsOf(note, templates);
  const [isCosigning, setCosigning] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Just signed, or opened from a list that is gone now: start reading at the top.
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <article
      className="note note-signed"
      aria-labelledby={`note-heading-${note.id}`}
      data-testid="note-signed"
    >
      <NoteHeading
        note={note}
        templates={templates}
        headingRef={headingRef}
        badge={
          <Badge tone="success" icon={<CircleCheckIcon />}>
            Signed
          </Badge>
        }
      />
      <dl className="signature" data-testid="signature">
        <div>
          <dt>Signed by</dt>
          <dd>
            {note.signedBy ?? 'Practitioner'}
            {note.signedAt !== null && <span className="muted">, {formatDayTime(note.signedAt)}</span>}
          </dd>
        </div>
        <div>
          <dt>Content fingerprint</dt>
          <dd>
            <code className="hash" title="The first 12 characters of the SHA-256 hash of the signed content">
              {hashPrefix(note.contentHash)}…
            </code>
          </dd>
        </div>
        <div>
          <dt>Co-signed</dt>
          <dd>
            {note.cosignedBy === null ? (
              <span className="muted">Not co-signed</span>
            ) : (
              <>
                {note.cosignedBy}
                {note.cosignedAt !== null && (
                  <span className="muted">, {formatDayTime(note.cosignedAt)}</span>
                )}
              </>
            )}
          </dd>
        </div>
      </dl>
      <p className="muted">
        This note is signed and final. To correct or add to it, write an addendum below.
      </p>

      <div className="note-sections">
        {sections.map((section) => (
          <NoteSectionField key={section.key} section={section} value={note.content[section.key] ?? ''} />
        ))}
      </div>

      <section className="addenda" aria-labelledby={`addenda-${note.id}`}>
        <h4 id={`addenda-${note.id}`}>Addenda</h4>
        {note.addenda.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <ol className="addendum-list" data-testid="addenda">
            {note.addenda.map((addendum) => (
              <li key={addendum.id} className="addendum">
                <p className="muted addendum-meta">
                  {addendum.author ?? 'Practitioner'}, {formatDayTime(addendum.createdAt)}
                </p>
                <p className="prose">{addendum.text}</p>
              </li>
            ))}
          </ol>
        )}
        <AddendumForm noteId={note.id} onAdded={onChanged} />
      </section>

      {note.cosignedAt === null && (
        <div className="button-row">
          <Button className="button" onPress={() => setCosigning(true)}>
            Co-sign as supervisor…
          </Button>
        </div>
      )}

      <NoteTasks note={note} />

      <ModalDialog title="Co-sign this note" isOpen={isCosigning} onOpenChange={setCosigning}>
        <CosignForm
          noteId={note.id}
          onDone={(cosigned) => {
            setCosigning(false);
            if (cosigned !== null) onChanged(cosigned);
          }}
        />
      </ModalDialog>
    </article>
  );
}

function AddendumForm({ noteId, onAdded }: { noteId: string; onAdded: (note: Note) => void }) {
  const [text, setText] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [added, setAdded] = useState(false);
  const error = text.trim() === '' ? 'Write the addendum first.' : null;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setShowErrors(true);
    setAdded(false);
    if (error !== null) return;
    setSaving(true);
    setFailure(null);
    try {
      const note = await outpost.call('notes.addAddendum', { id: noteId, text: text.trim() });
      setText('');
      setShowErrors(false);
      setAdded(true);
      onAdded(note);
      noteRecordsChanged();
    } catch (caught) {
      setFailure(failureMessage(caught));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Form
      validationBehavior="aria"
      className="form-stack addendum-form"
      onSubmit={(event) => void submit(event)}
    >
      <TextAreaField
        label="New addendum"
        value={text}
        onChange={setText}
        maxLength={20_000}
        description="Dated and signed with your name; the original note is not changed."
        errorMessage={showErrors ? error : null}
      />
      {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
      {added && <StatusNotice tone="success">Addendum added.</StatusNotice>}
      <div className="button-row">
        <Button type="submit" className="button" isPending={isSaving}>
          Add addendum
        </Button>
      </div>
    </Form>
  );
}

function CosignForm({ noteId, onDone }: { noteId: string; onDone: (note: Note | null) => void }) {
  const [name, setName] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const error = name.trim() === '' ? "Enter the supervisor's name." : null;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setShowErrors(true);
    if (error !== null) return;
    setSaving(true);
    setFailure(null);
    try {
      const note = await outpost.call('notes.cosign', { id: noteId, supervisorName: name.trim() });
      noteRecordsChanged();
      onDone(note);
    } catch (caught) {
      setFailure(failureMessage(caught));
      setSaving(false);
    }
  }

  return (
    <Form validationBehavior="aria" className="form-stack" onSubmit={(event) => void submit(event)}>
      <p>The supervisor confirms they have read this note. Their name and the time are added to it.</p>
      <TextInputField
        label="Supervisor's name"
        value={name}
        onChange={setName}
        isRequired
        autoFocus
        maxLength={120}
        errorMessage={showErrors ? error : null}
      />
      {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
      <div className="button-row button-row-end">
        <Button className="button" onPress={() => onDone(null)}>
          Cancel
        </Button>
        <Button type="submit" className="button button-primary" isPending={isSaving}>
          Co-sign
        </Button>
      </div>
    </Form>
  );
}

function NoteTasks({ note }: { note: Note }) {
  const [loaded] = useLoad(
    () => outpost.call('tasks.list', { clientId: note.clientId, openOnly: false }),
    note.id,
  );
  const tasks = loaded.status === 'ready' ? loaded.data.tasks.filter((task) => task.noteId === note.id) : [];
  return (
    <section className="note-tasks" aria-labelledby={`tasks-${note.id}`}>
      <h4 id={`tasks-${note.id}`}>Follow-up tasks</h4>
      {loaded.status === 'failed' && <ErrorNotice>{loaded.message}</ErrorNotice>}
      <TaskList tasks={tasks} emptyText="No follow-up tasks from this session yet." />
      <NewTaskForm clientId={note.clientId} noteId={note.id} />
    </section>
  );
}
