import { useState } from 'react';
import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { useSelection } from '../../app/navigation.ts';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { PlusIcon } from '../../ui/recordIcons.tsx';
import { ClientDetail } from './ClientDetail.tsx';
import { ClientFormDialog } from './ClientFormDialog.tsx';
import { ClientList } from './ClientList.tsx';
import type { StatusFilter } from './ClientList.tsx';
import { clientSelection } from './clientSelection.ts';
import { ConsentTextsPanel } from './ConsentTextsPanel.tsx';
import { RemindersPanel } from './RemindersPanel.tsx';
import { RetentionPanel } from './RetentionPanel.tsx';
import { usePractitionerName } from './usePractitionerName.ts';
import { useLoad } from './useLoad.ts';
import './clients.css';

/** The most a list shows at once; the filter narrows it. */
const LIST_LIMIT = 1000;

export function ClientsPage() {
  const [filterText, setFilterText] = useState('');
  const [status, setStatus] = useState<StatusFilter>('active');
  const [isCreating, setCreating] = useState(false);
  const selection = useSelection(clientSelection);
  const practitionerName = usePractitionerName();
  const [list, reloadList] = useLoad(
    () => outpost.call('clients.list', { status: 'all', limit: LIST_LIMIT }),
    'clients',
  );

  function select(clientId: string): void {
    clientSelection.set((current) => ({
      clientId,
      tab: current.clientId === clientId ? current.tab : 'overview',
      noteId: null,
    }));
  }

  const newClientButton = (
    <Button className="button button-primary" onPress={() => setCreating(true)}>
      <PlusIcon />
      New client
    </Button>
  );

  return (
    <article className="page page-records">
      <div className="page-heading-row">
        <h1>Clients</h1>
        {list.status === 'ready' && list.data.total > 0 && newClientButton}
      </div>
      <p className="page-intro">
        Each client&rsquo;s details, consent, session notes and follow-up tasks, kept encrypted on this
        computer.
      </p>

      {list.status === 'loading' && <PendingBar label="Loading your clients…" />}
      {list.status === 'failed' && (
        <div className="records-error">
          <ErrorNotice>{list.message}</ErrorNotice>
          <Button className="button" onPress={reloadList}>
            Try again
          </Button>
        </div>
      )}
      {list.status === 'ready' && list.data.total === 0 && (
        <div className="records-detail">
          <NoClientsYet action={newClientButton} />
          {/* The texts can be prepared before the first client arrives. */}
          <ConsentTextsPanel />
        </div>
      )}
      {list.status === 'ready' && list.data.total > 0 && (
        <div className="records-layout">
          <ClientList
            clients={list.data.clients}
            filterText={filterText}
            onFilterTextChange={setFilterText}
            status={status}
            onStatusChange={setStatus}
            selectedId={selection.clientId}
            onSelect={select}
          />
          <div className="records-detail">
            {list.data.total > list.data.clients.length && (
              <p className="muted">
                Showing the first {list.data.clients.length} of {list.data.total} clients; use the filter or
                the search box to find others.
              </p>
            )}
            {selection.clientId === null ? (
              <>
                <RemindersPanel />
                <RetentionPanel clients={list.data.clients} />
                <ConsentTextsPanel />
              </>
            ) : (
              <ClientDetail
                key={selection.clientId}
                clientId={selection.clientId}
                onClose={() => clientSelection.set({ clientId: null, tab: 'overview', noteId: null })}
              />
            )}
          </div>
        </div>
      )}

      <ClientFormDialog
        isOpen={isCreating}
        onOpenChange={setCreating}
        practitionerName={practitionerName}
        onSaved={(client) => {
          setFilterText('');
          if (status === 'archived') setStatus('active');
          clientSelection.set({ clientId: client.id, tab: 'overview', noteId: null });
        }}
      />
    </article>
  );
}

function NoClientsYet({ action }: { action: ReactNode }) {
  return (
    <section className="empty-state" aria-labelledby="no-clients-heading" data-testid="no-clients">
      <h2 id="no-clients-heading">No clients yet</h2>
      <p>
        A client record holds what you need to work with one person: how to reach them, their readiness for
        career decisions and the service level it suggests, their consent for distance counselling and record
        keeping, your session notes and the tasks you agreed.
      </p>
      <p>
        Some people give only a first name or a nickname, especially in chat and social media services. Mark
        such a record <strong>pseudonymous</strong>: it keeps the alias only, and no legal name.
      </p>
      {action}
    </section>
  );
}
