import { useState } from 'react';
import { Button } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { useSelection } from '../../app/navigation.ts';
import { RECORD_SHORTCUTS, useShortcut } from '../../app/shortcuts.ts';
import type { Client, Note } from '../../../../shared/rpc/recordSchemas.std.ts';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { useLoad } from '../clients/useLoad.ts';
import { ClientPicker } from './ClientPicker.tsx';
import { ClientSessions, NotesListBox } from './ClientSessions.tsx';
import { NoteTemplatesPanel } from './NoteTemplatesPanel.tsx';
import { sessionSelection } from './sessionSelection.ts';
import './sessions.css';

/** How many recently active clients the "Recent notes" list looks at. */
const RECENT_CLIENTS = 15;
const RECENT_NOTES = 20;

export function SessionsPage() {
  const selection = useSelection(sessionSelection);
  const [clients, reloadClients] = useLoad(
    () => outpost.call('clients.list', { status: 'active', limit: 1000 }),
    'session-clients',
  );
  const [isNewNoteRequested, setNewNoteRequested] = useState(false);

  useShortcut(RECORD_SHORTCUTS.newNote, () => setNewNoteRequested(true), selection.clientId !== null);

  const chosen =
    clients.status === 'ready' && selection.clientId !== null
      ? clients.data.clients.find((client) => client.id === selection.clientId)
      : undefined;

  return (
    <article className="page page-records">
      <h1>Sessions</h1>
      <p className="page-intro">
        Your session notes. Choose a client to write a new note or read earlier ones; recent notes across all
        clients are listed below.
      </p>
      {clients.status === 'loading' && <PendingBar label="Loading your clients…" />}
      {clients.status === 'failed' && (
        <div className="records-error">
          <ErrorNotice>{clients.message}</ErrorNotice>
          <Button className="button" onPress={reloadClients}>
            Try again
          </Button>
        </div>
      )}
      {clients.status === 'ready' && clients.data.total === 0 && (
        <section className="empty-state" aria-labelledby="sessions-empty-heading">
          <h2 id="sessions-empty-heading">No clients yet</h2>
          <p>
            Session notes belong to a client. Add your first client in the Clients section, then come back
            here, or open the client&rsquo;s Sessions tab, to write a note.
          </p>
        </section>
      )}
      {/* Templates can be prepared before the first client arrives. */}
      {clients.status === 'ready' && clients.data.total === 0 && <NoteTemplatesPanel />}
      {clients.status === 'ready' && clients.data.total > 0 && (
        <>
          <div className="sessions-picker-row">
            <ClientPicker
              clients={clients.data.clients}
              selectedId={selection.clientId}
              onChange={(clientId) => sessionSelection.set({ clientId, noteId: null })}
            />
            {chosen !== undefined && (
              <Button
                className="button button-small"
                onPress={() => sessionSelection.set({ clientId: null, noteId: null })}
              >
                Show recent notes
              </Button>
            )}
          </div>
          {chosen === undefined ? (
            <div className="sessions-landing">
              <RecentNotes clients={clients.data.clients} />
              <NoteTemplatesPanel />
            </div>
          ) : (
            <section className="records-panel" aria-label={`Sessions with ${chosen.displayName}`}>
              <ClientSessions
                client={chosen}
                noteId={selection.noteId}
                onOpenNote={(noteId) => sessionSelection.set((current) => ({ ...current, noteId }))}
                isNewNoteRequested={isNewNoteRequested}
                onNewNoteHandled={() => setNewNoteRequested(false)}
              />
            </section>
          )}
        </>
      )}
    </article>
  );
}

function RecentNotes({ clients }: { clients: readonly Client[] }) {
  const recentClients = [...clients]
    .sort((a, b) => Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt))
    .slice(0, RECENT_CLIENTS);
  const [loaded, reload] = useLoad(
    // The contract has no "recent notes" call, so the most recently active clients' notes are merged.
    () =>
      Promise.all([
        Promise.all(recentClients.map((client) => outpost.call('notes.forClient', { clientId: client.id }))),
        outpost.call('notes.templates', {}),
      ]).then(([perClient, { templates }]) => ({
        notes: perClient
          .flatMap(({ notes }) => notes)
          .sort((a: Note, b: Note) => Date.parse(b.sessionAt) - Date.parse(a.sessionAt))
          .slice(0, RECENT_NOTES),
        templates,
      })),
    recentClients.map((client) => client.id).join(','),
  );
  const names = new Map(clients.map((client) => [client.id, client.displayName]));

  return (
    <section className="records-panel" aria-labelledby="recent-notes-heading">
      <h2 id="recent-notes-heading">Recent notes</h2>
      {loaded.status === 'loading' && <PendingBar label="Loading recent notes…" />}
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
          clientNames={names}
          label="Recent notes"
          onOpen={(noteId, clientId) => sessionSelection.set({ clientId, noteId })}
          emptyText="No session notes yet. Choose a client above and start a new note."
        />
      )}
    </section>
  );
}
