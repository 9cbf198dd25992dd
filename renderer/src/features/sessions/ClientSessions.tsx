import { useState } from 'react';
import { Button, ListBox, ListBoxItem } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { RECORD_SHORTCUTS, shortcutAria, shortcutLabel } from '../../app/shortcuts.ts';
import type { Client, Note } from '../../../../shared/rpc/recordSchemas.std.ts';
import { Badge } from '../../ui/Badge.tsx';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { CircleCheckIcon, PenIcon, PlusIcon } from '../../ui/recordIcons.tsx';
import { useLoad } from '../clients/useLoad.ts';
import { NewNoteDialog } from './NewNoteDialog.tsx';
import { NoteEditor } from './NoteEditor.tsx';
import { sessionFacts, templateName } from './noteText.ts';
import type { NoteTemplateInfo } from './noteText.ts';
import './sessions.css';

interface ClientSessionsProps {
  client: Client;
  /** The note open in the editor, or null for the list. */
  noteId: string | null;
  onOpenNote: (noteId: string | null) => void;
  /** Set by the new-note shortcut: the dialog is open until closed, which calls `onNewNoteHandled`. */
  isNewNoteRequested: boolean;
  onNewNoteHandled: () => void;
}

/** A client's session notes: the list with "New note", or one note open in the editor. */
export function ClientSessions({
  client,
  noteId,
  onOpenNote,
  isNewNoteRequested,
  onNewNoteHandled,
}: ClientSessionsProps) {
  const [isCreating, setCreating] = useState(false);

  function setDialogOpen(isOpen: boolean): void {
    setCreating(isOpen);
    if (!isOpen) onNewNoteHandled();
  }

  return (
    <div className="client-sessions">
      {noteId === null ? (
        <NoteList client={client} onOpenNote={onOpenNote} onNewNote={() => setCreating(true)} />
      ) : (
        <NoteEditor key={noteId} noteId={noteId} client={client} onBack={() => onOpenNote(null)} />
      )}
      <NewNoteDialog
        client={client}
        isOpen={isCreating || isNewNoteRequested}
        onOpenChange={setDialogOpen}
        onCreated={(note) => onOpenNote(note.id)}
      />
    </div>
  );
}

export function NewNoteButton({ onPress }: { onPress: () => void }) {
  return (
    <Button
      className="button button-primary"
      onPress={onPress}
      aria-keyshortcuts={shortcutAria(RECORD_SHORTCUTS.newNote)}
    >
      <PlusIcon />
      New note
      <kbd className="shortcut" aria-hidden="true">
        {shortcutLabel(RECORD_SHORTCUTS.newNote)}
      </kbd>
    </Button>
  );
}

function NoteList({
  client,
  onOpenNote,
  onNewNote,
}: {
  client: Client;
  onOpenNote: (noteId: string) => void;
  onNewNote: () => void;
}) {
  const [loaded, reload] = useLoad(
    () =>
      Promise.all([
        outpost.call('notes.forClient', { clientId: client.id }),
        outpost.call('notes.templates', {}),
      ]).then(([{ notes }, { templates }]) => ({ notes, templates })),
    client.id,
  );

  return (
    <div className="note-list-view">
      <div className="tab-heading-row">
        <h3>Session notes</h3>
        <NewNoteButton onPress={onNewNote} />
      </div>
      {loaded.status === 'loading' && <PendingBar label="Loading session notes…" />}
      {loaded.status === 'failed' && (
        <div className="records-error">
          <ErrorNotice>{loaded.message}</ErrorNotice>
          <Button className="button" onPress={reload}>
            Try again
          </Button>
        </div>
      )}
      {loaded.status === 'ready' && (
        <NotesListBox
          notes={loaded.data.notes}
          templates={loaded.data.templates}
          onOpen={onOpenNote}
          label={`Session notes for ${client.displayName}`}
          emptyText="No session notes yet. Start one with New note: choose a structure such as DAP, then write each section. Drafts save themselves as you type; sign a note to make it final."
        />
      )}
    </div>
  );
}

/** Notes newest first; Enter or a click opens one. */
export function NotesListBox({
  notes,
  templates,
  onOpen,
  label,
  emptyText,
  clientNames,
}: {
  notes: readonly Note[];
  templates: readonly NoteTemplateInfo[];
  onOpen: (noteId: string, clientId: string) => void;
  label: string;
  emptyText: string;
  /** Shown with each note when the list spans several clients. */
  clientNames?: ReadonlyMap<string, string>;
}) {
  return (
    <ListBox
      className="note-list"
      aria-label={label}
      items={notes}
      // Rendered items are cached per note; the names are read while rendering them.
      dependencies={[templates, clientNames]}
      onAction={(key) => {
        const note = notes.find((candidate) => candidate.id === key);
        if (note !== undefined) onOpen(note.id, note.clientId);
      }}
      renderEmptyState={() => <p className="note-list-empty">{emptyText}</p>}
    >
      {(note) => {
        const name = templateName(note.templateKey, templates);
        const clientName = clientNames?.get(note.clientId);
        return (
          <ListBoxItem
            id={note.id}
            className="note-item"
            textValue={`${clientName === undefined ? '' : `${clientName}, `}${name} note, ${sessionFacts(note)}, ${note.status}`}
          >
            <span className="note-item-main">
              {clientName !== undefined && <span className="note-item-client">{clientName}</span>}
              <span className="note-item-title">{name} note</span>
              <span className="muted">{sessionFacts(note)}</span>
            </span>
            {note.status === 'signed' ? (
              <Badge tone="success" icon={<CircleCheckIcon />}>
                Signed
              </Badge>
            ) : (
              <Badge tone="info" icon={<PenIcon />}>
                Draft
              </Badge>
            )}
          </ListBoxItem>
        );
      }}
    </ListBox>
  );
}
