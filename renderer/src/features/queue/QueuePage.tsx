import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import type { Selection } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { onOpenMessage, useSelection } from '../../app/navigation.ts';
import { usePractitionerName } from '../clients/usePractitionerName.ts';
import { useLoad } from '../clients/useLoad.ts';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { PlusIcon } from '../../ui/recordIcons.tsx';
import { ImportDialog } from './ImportDialog.tsx';
import { claimName, setMessagesStatus } from './messageActions.ts';
import { MessageView } from './MessageView.tsx';
import { NewMessageDialog } from './NewMessageDialog.tsx';
import { OutboxPanel } from './OutboxPanel.tsx';
import { QueueFilters } from './QueueFilters.tsx';
import { QUEUE_ROW_HEIGHT, QueueList } from './QueueList.tsx';
import { NO_FILTERS, queueSelection } from './queueSelection.ts';
import type { QueueFilters as Filters } from './queueSelection.ts';
import { SnoozeMenu } from './SnoozeMenu.tsx';
import { useQueueKeys } from './useQueueKeys.ts';
import { useQueuePages } from './useQueuePages.ts';
import './queue.css';

/** Waiting and due times are redrawn this often. */
const CLOCK_TICK_MS = 30_000;

export function QueuePage() {
  const { messageId: openId, filters } = useSelection(queueSelection);
  const practitionerName = usePractitionerName();
  const [view, setView] = useState<'queue' | 'outbox'>('queue');
  const [isImporting, setImporting] = useState(false);
  const [isAdding, setAdding] = useState(false);
  const [selectedIds, setSelectedIds] = useState<Selection>(new Set());
  const [announcement, setAnnouncement] = useState('');
  const [bulkFailure, setBulkFailure] = useState<string | null>(null);
  const [detailVersion, setDetailVersion] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const editorRef = useRef<HTMLTextAreaElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // The name matters only to "claimed by me"; otherwise its arrival must not reload the queue.
  const claimedBy = filters.assignee === 'me' ? claimName(practitionerName) : null;
  const filter = useMemo(
    () => ({
      ...(filters.tiers.length > 0 ? { tiers: filters.tiers } : {}),
      ...(filters.channels.length > 0 ? { channels: filters.channels } : {}),
      ...(filters.statuses.length > 0 ? { statuses: filters.statuses } : {}),
      ...(claimedBy !== null ? { assignee: claimedBy } : {}),
      ...(filters.clientId !== null ? { clientId: filters.clientId } : {}),
    }),
    [filters, claimedBy],
  );
  const pages = useQueuePages(filter);
  const { refresh } = pages;
  const [detail] = useLoad(
    () => (openId === null ? Promise.resolve(null) : outpost.call('messages.get', { id: openId })),
    `${openId ?? ''}:${detailVersion}`,
  );

  function open(id: string | null): void {
    queueSelection.set((current) => ({ ...current, messageId: id }));
  }
  function setFilters(next: Filters): void {
    queueSelection.set((current) => ({ ...current, filters: next }));
    setSelectedIds(new Set());
  }
  function changed(): void {
    refresh();
    setDetailVersion((count) => count + 1);
  }

  // New messages (imports, the watched folder, a typed message) update the queue as they arrive.
  useEffect(
    () =>
      outpost.on('messages.arrived', ({ count, crisis }) => {
        refresh();
        setAnnouncement(
          `${count} new ${count === 1 ? 'message' : 'messages'} arrived${crisis.length > 0 ? `, ${crisis.length} at crisis tier` : ''}. The queue is up to date.`,
        );
      }),
    [refresh],
  );
  // New triage rules applied in the background: tiers and order may have moved.
  useEffect(
    () =>
      outpost.on('messages.retriaged', ({ changed }) => {
        refresh();
        if (changed > 0)
          setAnnouncement(
            `Updated triage rules changed the tier of ${changed} ${changed === 1 ? 'message' : 'messages'}.`,
          );
      }),
    [refresh],
  );
  // The crisis alert's "Open message".
  useEffect(
    () =>
      onOpenMessage((id) => {
        queueSelection.set((current) => ({ ...current, messageId: id }));
        setView('queue');
      }),
    [],
  );
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), CLOCK_TICK_MS);
    return () => clearInterval(timer);
  }, []);

  const openIndex = pages.items.findIndex((item) => item.id === openId);
  function openAt(index: number): void {
    const item = pages.items[index];
    if (item === undefined) return;
    open(item.id);
    scrollRowIntoView(index);
    if (index >= pages.items.length - 5 && pages.hasMore) pages.loadMore();
  }
  function runOnOpen(step: (id: string) => Promise<unknown>): void {
    if (openId === null) return;
    setBulkFailure(null);
    step(openId).then(changed, (error: unknown) => setBulkFailure(failureMessage(error)));
  }

  useQueueKeys({
    next: () => openAt(openIndex < 0 ? 0 : openIndex + 1),
    previous: () => openAt(Math.max(0, openIndex - 1)),
    claim: () =>
      runOnOpen((id) => setMessagesStatus([id], 'claimed', { assignee: claimName(practitionerName) })),
    reply: () => {
      if (view !== 'queue') setView('queue');
      editorRef.current?.focus();
    },
    close: () =>
      runOnOpen(async (id) => {
        await setMessagesStatus([id], 'closed');
        const after = pages.items[openIndex + 1];
        open(after?.id ?? null);
      }),
  });

  const selected =
    selectedIds === 'all' ? pages.items.map((item) => item.id) : [...selectedIds].map((key) => String(key));
  function bulk(step: (ids: string[]) => Promise<unknown>): void {
    setBulkFailure(null);
    step(selected).then(
      () => {
        setSelectedIds(new Set());
        changed();
      },
      (error: unknown) => setBulkFailure(failureMessage(error)),
    );
  }

  const counts = pages.counts;
  return (
    <article className="page page-queue">
      <div className="page-heading-row">
        <h1>Queue</h1>
        <div className="button-row">
          <Button className="button" onPress={() => setAdding(true)}>
            <PlusIcon />
            Add a message
          </Button>
          <Button className="button button-primary" onPress={() => setImporting(true)}>
            Import…
          </Button>
        </div>
      </div>
      <p className="visually-hidden" role="status" data-testid="queue-announcement">
        {announcement}
      </p>

      <Tabs selectedKey={view} onSelectionChange={(key) => setView(key === 'outbox' ? 'outbox' : 'queue')}>
        <TabList className="tab-list queue-tabs" aria-label="Queue or outbox">
          <Tab id="queue" className="tab">
            Messages{counts !== null && ` (${counts.total})`}
          </Tab>
          <Tab id="outbox" className="tab">
            Outbox
          </Tab>
        </TabList>

        <TabPanel id="queue" className="queue-panel">
          <QueueFilters filters={filters} counts={counts?.byTier ?? null} onChange={setFilters} />
          {counts !== null && counts.overdue > 0 && (
            <p className="queue-overdue" data-testid="queue-overdue">
              {counts.overdue} {counts.overdue === 1 ? 'message is' : 'messages are'} past due.
            </p>
          )}
          {selected.length > 0 && (
            <div className="bulk-bar" role="toolbar" aria-label="Actions for the selected messages">
              <span>{selected.length} selected</span>
              <Button
                className="button button-small"
                onPress={() =>
                  bulk((ids) => setMessagesStatus(ids, 'claimed', { assignee: claimName(practitionerName) }))
                }
              >
                Claim
              </Button>
              <Button
                className="button button-small"
                onPress={() => bulk((ids) => setMessagesStatus(ids, 'closed'))}
              >
                Close
              </Button>
              <SnoozeMenu
                onSnooze={(until) =>
                  bulk((ids) => setMessagesStatus(ids, 'snoozed', { snoozedUntil: until.toISOString() }))
                }
              />
              <Button
                className="button button-small"
                onPress={() => bulk((ids) => setMessagesStatus(ids, 'new', { assignee: null }))}
              >
                Mark new
              </Button>
              <Button className="button button-small" onPress={() => setSelectedIds(new Set())}>
                Clear selection
              </Button>
            </div>
          )}
          {bulkFailure !== null && <ErrorNotice>{bulkFailure}</ErrorNotice>}

          <div className="queue-layout">
            <div className="queue-list-column">
              {pages.status === 'loading' && <PendingBar label="Loading the queue…" />}
              {pages.status === 'failed' && (
                <div className="records-error">
                  <ErrorNotice>{pages.error}</ErrorNotice>
                  <Button className="button" onPress={refresh}>
                    Try again
                  </Button>
                </div>
              )}
              {pages.status === 'ready' && pages.items.length === 0 && (
                <EmptyQueue filtered={isFiltered(filters)} onClear={() => setFilters(NO_FILTERS)} />
              )}
              {pages.items.length > 0 && (
                <QueueList
                  items={pages.items}
                  openId={openId}
                  onOpen={open}
                  selectedIds={selectedIds}
                  onSelectionChange={setSelectedIds}
                  hasMore={pages.hasMore}
                  isLoadingMore={pages.isLoadingMore}
                  onLoadMore={pages.loadMore}
                  now={now}
                />
              )}
              <p className="muted queue-keys">
                Keys: <kbd>j</kbd>/<kbd>k</kbd> next and previous, <kbd>Enter</kbd> open, <kbd>c</kbd> claim,{' '}
                <kbd>r</kbd> reply, <kbd>e</kbd> close.
              </p>
            </div>
            <div className="queue-detail-column">
              {openId === null && (
                <p className="muted queue-placeholder">Open a message to read and answer it.</p>
              )}
              {openId !== null && detail.status === 'loading' && <PendingBar label="Opening the message…" />}
              {openId !== null && detail.status === 'failed' && <ErrorNotice>{detail.message}</ErrorNotice>}
              {detail.status === 'ready' && detail.data !== null && (
                <MessageView
                  key={detail.data.id}
                  message={detail.data}
                  practitionerName={practitionerName}
                  now={now}
                  editorRef={editorRef}
                  headingRef={headingRef}
                  onChanged={changed}
                  onClose={() => open(null)}
                />
              )}
            </div>
          </div>
        </TabPanel>

        <TabPanel id="outbox" className="queue-panel">
          <OutboxPanel onChanged={changed} />
        </TabPanel>
      </Tabs>

      <ImportDialog isOpen={isImporting} onOpenChange={setImporting} onImported={refresh} />
      <NewMessageDialog
        isOpen={isAdding}
        onOpenChange={setAdding}
        onAdded={(id) => {
          refresh();
          open(id);
        }}
      />
    </article>
  );
}

function isFiltered(filters: Filters): boolean {
  return (
    filters.tiers.length > 0 ||
    filters.channels.length > 0 ||
    filters.statuses.length > 0 ||
    filters.assignee !== 'anyone' ||
    filters.clientId !== null
  );
}

/** Keeps the row at `index` in view in the virtualised list (rows have a fixed height). */
function scrollRowIntoView(index: number): void {
  const list = document.querySelector<HTMLElement>('.queue-list');
  if (list === null) return;
  const top = index * QUEUE_ROW_HEIGHT;
  if (top < list.scrollTop) list.scrollTop = top;
  else if (top + QUEUE_ROW_HEIGHT > list.scrollTop + list.clientHeight)
    list.scrollTop = top + QUEUE_ROW_HEIGHT - list.clientHeight;
}

function EmptyQueue({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  return (
    <section className="empty-state" data-testid="queue-empty">
      {filtered ? (
        <>
          <h2>Nothing matches these filters</h2>
          <Button className="button" onPress={onClear}>
            Clear the filters
          </Button>
        </>
      ) : (
        <>
          <h2>The queue is empty</h2>
          <p>
            Import emails, mailboxes and chat or social-media exports, add a message by hand, or set an inbox
            folder in Settings: Outpost triages every message so the most urgent come first.
          </p>
        </>
      )}
    </section>
  );
}
