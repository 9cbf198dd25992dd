import { useCallback, useState } from 'react';
import { Button, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import type { Key } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { useSelection } from '../../app/navigation.ts';
import { RECORD_SHORTCUTS, useShortcut } from '../../app/shortcuts.ts';
import type { Client } from '../../../../shared/rpc/recordSchemas.std.ts';
import { Badge } from '../../ui/Badge.tsx';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { ClientSessions } from '../sessions/ClientSessions.tsx';
import { ClientFormDialog } from './ClientFormDialog.tsx';
import { ClientOverview } from './ClientOverview.tsx';
import { clientSelection, isClientTab } from './clientSelection.ts';
import type { ClientTab } from './clientSelection.ts';
import { ConsentTab } from './ConsentTab.tsx';
import { EraseClientDialog } from './EraseClientDialog.tsx';
import { noteRecordsChanged } from './recordChanges.ts';
import { TasksTab } from './TasksTab.tsx';
import { TimelineTab } from './TimelineTab.tsx';
import { useLoad } from './useLoad.ts';

const TAB_LABELS: Record<ClientTab, string> = {
  overview: 'Overview',
  consent: 'Consent',
  sessions: 'Sessions',
  timeline: 'Timeline',
  tasks: 'Tasks',
};

interface ClientDetailProps {
  clientId: string;
  onClose: () => void;
}

/** One client's record: a header with what can be done to it, and a tab for each kind of record. */
export function ClientDetail({ clientId, onClose }: ClientDetailProps) {
  const [loaded, reload] = useLoad(() => outpost.call('clients.get', { id: clientId }), clientId);

  if (loaded.status === 'loading') return <PendingBar label="Opening the client record…" />;
  if (loaded.status === 'failed') {
    return (
      <div className="records-error">
        <ErrorNotice>{loaded.message}</ErrorNotice>
        <div className="button-row">
          <Button className="button" onPress={reload}>
            Try again
          </Button>
          <Button className="button" onPress={onClose}>
            Back to reminders
          </Button>
        </div>
      </div>
    );
  }
  return <ClientRecord client={loaded.data} onClose={onClose} />;
}

function ClientRecord({ client, onClose }: { client: Client; onClose: () => void }) {
  const selection = useSelection(clientSelection);
  const [isEditing, setEditing] = useState(false);
  const [isErasing, setErasing] = useState(false);
  const [archiveFailure, setArchiveFailure] = useState<string | null>(null);
  const [isArchiving, setArchiving] = useState(false);
  // Set by the new-note shortcut; the Sessions tab opens its New note dialog and clears it.
  const [isNewNoteRequested, setNewNoteRequested] = useState(false);
  const clearNewNoteRequest = useCallback(() => setNewNoteRequested(false), []);

  useShortcut(RECORD_SHORTCUTS.newNote, () => {
    clientSelection.set((current) => ({ ...current, tab: 'sessions', noteId: null }));
    setNewNoteRequested(true);
  });

  function selectTab(key: Key): void {
    if (isClientTab(key)) clientSelection.set((current) => ({ ...current, tab: key, noteId: null }));
  }

  async function toggleArchived(): Promise<void> {
    setArchiving(true);
    setArchiveFailure(null);
    try {
      await outpost.call('clients.setArchived', { id: client.id, archived: client.status === 'active' });
      noteRecordsChanged();
    } catch (error) {
      setArchiveFailure(failureMessage(error));
    } finally {
      setArchiving(false);
    }
  }

  const headingId = `client-heading-${client.id}`;
  return (
    <section className="client-record" aria-labelledby={headingId}>
      <header className="client-record-header">
        <div className="client-record-title">
          <h2 id={headingId} data-testid="client-name">
            {client.displayName}
          </h2>
          <div className="client-record-badges">
            {client.pseudonymous && <Badge tone="info">Pseudonymous</Badge>}
            {client.status === 'archived' && <Badge>Archived</Badge>}
          </div>
        </div>
        <div className="button-row">
          <Button className="button button-small" onPress={() => setEditing(true)}>
            Edit
          </Button>
          <Button
            className="button button-small"
            onPress={() => void toggleArchived()}
            isPending={isArchiving}
          >
            {client.status === 'active' ? 'Archive' : 'Restore'}
          </Button>
          <Button className="button button-small button-danger" onPress={() => setErasing(true)}>
            Erase…
          </Button>
          <Button className="button button-small" onPress={onClose}>
            Close
          </Button>
        </div>
      </header>
      {client.status === 'archived' && (
        <p className="muted">
          Archived: kept in full, but out of your everyday list and reminders. Restore it to work with this
          client again.
        </p>
      )}
      {archiveFailure !== null && <ErrorNotice>{archiveFailure}</ErrorNotice>}

      <Tabs className="record-tabs" selectedKey={selection.tab} onSelectionChange={selectTab}>
        <TabList className="tab-list" aria-label={`${client.displayName}: record`}>
          {(Object.keys(TAB_LABELS) as ClientTab[]).map((tab) => (
            <Tab key={tab} id={tab} className="tab">
              {TAB_LABELS[tab]}
            </Tab>
          ))}
        </TabList>
        <TabPanel id="overview" className="record-tab-panel">
          <ClientOverview client={client} onEdit={() => setEditing(true)} />
        </TabPanel>
        <TabPanel id="consent" className="record-tab-panel">
          <ConsentTab client={client} />
        </TabPanel>
        <TabPanel id="sessions" className="record-tab-panel">
          <ClientSessions
            client={client}
            noteId={selection.noteId}
            onOpenNote={(noteId) => clientSelection.set((current) => ({ ...current, noteId }))}
            isNewNoteRequested={isNewNoteRequested}
            onNewNoteHandled={clearNewNoteRequest}
          />
        </TabPanel>
        <TabPanel id="timeline" className="record-tab-panel">
          <TimelineTab clientId={client.id} />
        </TabPanel>
        <TabPanel id="tasks" className="record-tab-panel">
          <TasksTab clientId={client.id} />
        </TabPanel>
      </Tabs>

      <ClientFormDialog
        isOpen={isEditing}
        onOpenChange={setEditing}
        client={client}
        onSaved={() => undefined}
      />
      <EraseClientDialog
        client={client}
        isOpen={isErasing}
        onOpenChange={setErasing}
        onErased={() => {
          onClose();
          noteRecordsChanged();
        }}
      />
    </section>
  );
}
