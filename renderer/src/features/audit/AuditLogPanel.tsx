import { useCallback, useEffect, useId, useState } from 'react';
import { Button, Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import type { AuditEntry, AuditFilter, MethodOutput } from '../../../../shared/rpc/contract.std.ts';
import { formatDateTime, localDateStamp } from '../../ui/format.ts';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { noteVaultChanged, useVaultChangeCount } from '../../vault/vaultChanges.ts';
import { AuditFilters, EMPTY_FILTER_DRAFT, filterFromDraft, isFilterActive } from './AuditFilters.tsx';
import type { AuditFilterDraft } from './AuditFilters.tsx';
import { AUDIT_ACTION_LABELS, describeAuditDetails } from './auditText.ts';
import { downloadText } from './downloadText.ts';
import './audit.css';

const PAGE_SIZE = 50;

type ListState =
  | { status: 'loading' }
  | {
      status: 'ready';
      entries: AuditEntry[];
      hasMore: boolean;
      isLoadingMore: boolean;
      moreError: string | null;
    }
  | { status: 'failed'; message: string };

type ChainState =
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'done'; verdict: MethodOutput<'audit.verify'> }
  | { status: 'failed'; message: string };

type ExportState =
  | { status: 'idle' }
  | { status: 'exporting' }
  | { status: 'done'; rows: number; fileName: string }
  | { status: 'failed'; message: string };

/**
 * Who did what to the vault and when, newest first. The log is hash-chained by the core;
 * "Verify" walks the chain, "Export" hands an auditor the rows that match the filter.
 */
export function AuditLogPanel() {
  const headingId = useId();
  const [draft, setDraft] = useState<AuditFilterDraft>(EMPTY_FILTER_DRAFT);
  const [filter, setFilter] = useState<AuditFilter>({});
  const [list, setList] = useState<ListState>({ status: 'loading' });
  const [reloads, setReloads] = useState(0);
  const vaultChanges = useVaultChangeCount();
  const [chain, setChain] = useState<ChainState>({ status: 'idle' });
  const [exported, setExported] = useState<ExportState>({ status: 'idle' });

  // Filters apply by themselves once editing pauses, so the table always shows what Export CSV exports.
  useEffect(() => {
    const timer = setTimeout(() => setFilter(filterFromDraft(draft)), 300);
    return () => clearTimeout(timer);
  }, [draft]);

  // Keyed by value: a new but equal filter object must not reload the list.
  const filterKey = JSON.stringify(filter);
  useEffect(() => {
    let isStale = false;
    outpost.call('audit.list', { filter: JSON.parse(filterKey) as AuditFilter, limit: PAGE_SIZE }).then(
      ({ entries, hasMore }) => {
        if (!isStale) setList({ status: 'ready', entries, hasMore, isLoadingMore: false, moreError: null });
      },
      (error: unknown) => {
        if (!isStale) setList({ status: 'failed', message: failureMessage(error) });
      },
    );
    return () => {
      isStale = true;
    };
  }, [filterKey, reloads, vaultChanges]);

  const reload = useCallback(() => setReloads((count) => count + 1), []);

  async function loadMore(): Promise<void> {
    if (list.status !== 'ready' || list.isLoadingMore) return;
    const oldest = list.entries.at(-1);
    if (oldest === undefined) return;
    setList({ ...list, isLoadingMore: true, moreError: null });
    try {
      const page = await outpost.call('audit.list', { filter, limit: PAGE_SIZE, beforeSeq: oldest.seq });
      setList((current) =>
        current.status === 'ready'
          ? {
              status: 'ready',
              entries: [...current.entries, ...page.entries],
              hasMore: page.hasMore,
              isLoadingMore: false,
              moreError: null,
            }
          : current,
      );
    } catch (error) {
      setList((current) =>
        current.status === 'ready'
          ? { ...current, isLoadingMore: false, moreError: failureMessage(error) }
          : current,
      );
    }
  }

  async function verifyChain(): Promise<void> {
    setChain({ status: 'checking' });
    try {
      setChain({ status: 'done', verdict: await outpost.call('audit.verify', {}) });
    } catch (error) {
      setChain({ status: 'failed', message: failureMessage(error) });
    }
  }

  async function exportCsv(): Promise<void> {
    setExported({ status: 'exporting' });
    try {
      const { csv, rows } = await outpost.call('audit.exportCsv', { filter });
      const fileName = `outpost-audit-${localDateStamp(new Date())}.csv`;
      downloadText(fileName, csv, 'text/csv;charset=utf-8');
      setExported({ status: 'done', rows, fileName });
      // The export itself is logged; show that entry too.
      noteVaultChanged();
    } catch (error) {
      setExported({ status: 'failed', message: failureMessage(error) });
    }
  }

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Audit log</h2>
      <p className="panel-intro">
        Every unlock, lock, backup and change to the vault is recorded here with the time. Each entry is
        sealed to the one before it, so a changed or removed entry can be detected. Entries never contain what
        clients said.
      </p>

      <AuditFilters draft={draft} onChange={setDraft} />

      <div className="audit-toolbar">
        <p className="muted" aria-live="polite">
          {list.status === 'ready' &&
            (list.entries.length === 0
              ? 'No entries'
              : `Showing ${list.entries.length} ${list.entries.length === 1 ? 'entry' : 'entries'}` +
                (list.hasMore ? ', newest first' : '') +
                (isFilterActive(filter) ? ' that match the filters' : ''))}
        </p>
        <div className="button-row">
          <Button className="button" onPress={reload}>
            Refresh
          </Button>
          <Button
            className="button"
            onPress={() => void verifyChain()}
            isPending={chain.status === 'checking'}
          >
            Verify audit chain
          </Button>
          <Button
            className="button"
            onPress={() => void exportCsv()}
            isPending={exported.status === 'exporting'}
          >
            Export CSV
          </Button>
        </div>
      </div>

      {chain.status === 'done' && chain.verdict.ok && (
        <StatusNotice tone="success" testId="audit-chain-result">
          The audit log is intact: all {chain.verdict.checked} entries check out.
        </StatusNotice>
      )}
      {chain.status === 'done' && !chain.verdict.ok && (
        <ErrorNotice testId="audit-chain-result">
          <p>
            The audit log is broken at entry {chain.verdict.firstBroken?.seq ?? chain.verdict.checked}:{' '}
            {chain.verdict.firstBroken?.reason ?? 'it does not match the entries before it'}.
          </p>
          <p>
            Someone or something changed the vault file outside Outpost. Keep a copy of it and tell your
            supervisor.
          </p>
        </ErrorNotice>
      )}
      {chain.status === 'failed' && <ErrorNotice>{chain.message}</ErrorNotice>}
      {exported.status === 'done' && (
        <StatusNotice tone="success" testId="audit-export-result">
          Exported {exported.rows} {exported.rows === 1 ? 'entry' : 'entries'} as {exported.fileName}.
        </StatusNotice>
      )}
      {exported.status === 'failed' && <ErrorNotice>{exported.message}</ErrorNotice>}

      {list.status === 'loading' && <PendingBar label="Loading the audit log…" />}
      {list.status === 'failed' && (
        <div className="error-block">
          <ErrorNotice>{list.message}</ErrorNotice>
          <Button className="button" onPress={reload}>
            Try again
          </Button>
        </div>
      )}
      {list.status === 'ready' && (
        <>
          <div className="table-scroll">
            <Table aria-label="Audit log entries" className="table audit-table" data-testid="audit-table">
              <TableHeader>
                <Column isRowHeader>Time</Column>
                <Column>Action</Column>
                <Column>Client</Column>
                <Column>Details</Column>
              </TableHeader>
              <TableBody
                items={list.entries}
                renderEmptyState={() => (
                  <p className="table-empty">
                    {isFilterActive(filter) ? 'No entries match these filters.' : 'The audit log is empty.'}
                  </p>
                )}
              >
                {(entry) => (
                  <Row id={entry.seq}>
                    <Cell className="nowrap">
                      <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                    </Cell>
                    <Cell>{AUDIT_ACTION_LABELS[entry.action]}</Cell>
                    <Cell>{entry.clientId ?? <span className="muted">None</span>}</Cell>
                    <Cell className="audit-details">{describeAuditDetails(entry)}</Cell>
                  </Row>
                )}
              </TableBody>
            </Table>
          </div>
          {list.moreError !== null && <ErrorNotice>{list.moreError}</ErrorNotice>}
          {list.hasMore && (
            <div className="button-row">
              <Button className="button" onPress={() => void loadMore()} isPending={list.isLoadingMore}>
                Load more
              </Button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
