import { useState } from 'react';
import { Button, Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { CONSENT_KINDS, currentRecord } from '../../../../shared/domain/consent.std.ts';
import type { ConsentKind } from '../../../../shared/domain/consent.std.ts';
import type { Client, ConsentRecord } from '../../../../shared/rpc/recordSchemas.std.ts';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { PlusIcon } from '../../ui/recordIcons.tsx';
import { formatBytes } from '../../ui/format.ts';
import { ConsentStatusBadge } from './ConsentStatusBadge.tsx';
import { formatDay } from './dates.ts';
import { downloadText } from '../audit/downloadText.ts';
import { RecordConsentDialog } from './RecordConsentDialog.tsx';
import {
  CONSENT_KIND_LABELS,
  CONSENT_METHOD_LABELS,
  MODALITY_LABELS,
  explainConsentStatus,
} from './recordText.ts';
import { useLoad } from './useLoad.ts';
import { WithdrawConsentDialog } from './WithdrawConsentDialog.tsx';

export function ConsentTab({ client }: { client: Client }) {
  const [loaded, reload] = useLoad(
    () => outpost.call('consent.forClient', { clientId: client.id }),
    client.id,
  );
  const [recordingKind, setRecordingKind] = useState<ConsentKind | null>(null);
  const [withdrawing, setWithdrawing] = useState<ConsentRecord | null>(null);
  const [evidenceFailure, setEvidenceFailure] = useState<string | null>(null);

  if (loaded.status === 'loading') return <PendingBar label="Loading consent records…" />;
  if (loaded.status === 'failed') {
    return (
      <div className="records-error">
        <ErrorNotice>{loaded.message}</ErrorNotice>
        <Button className="button" onPress={reload}>
          Try again
        </Button>
      </div>
    );
  }
  const { records, byKind } = loaded.data;

  return (
    <div className="consent-tab">
      <div className="tab-heading-row">
        <h3>Consent</h3>
        <Button className="button button-primary" onPress={() => setRecordingKind('distance_counselling')}>
          <PlusIcon />
          Record consent
        </Button>
      </div>
      {evidenceFailure !== null && <ErrorNotice>{evidenceFailure}</ErrorNotice>}
      <p className="muted">
        Consent is recorded against the version of the text the client agreed to. It can expire and can be
        withdrawn; a session by email, chat, phone, video or social media needs distance-counselling consent
        that covers that way of working.
      </p>

      <ul className="consent-status-list" aria-label="Consent by kind">
        {CONSENT_KINDS.map((kind) => {
          const status = byKind[kind] ?? 'missing';
          const record = currentRecord(records, kind);
          return (
            <li key={kind} className="consent-status" data-testid={`consent-status-${kind}`}>
              <div className="consent-status-head">
                <span className="consent-status-kind">{CONSENT_KIND_LABELS[kind]}</span>
                <ConsentStatusBadge status={status} />
              </div>
              <p className="consent-status-explanation">{explainConsentStatus(kind, status, record)}</p>
              {status !== 'active' && (
                <Button
                  className="link-button"
                  onPress={() => setRecordingKind(kind)}
                  aria-label={`Record consent: ${CONSENT_KIND_LABELS[kind].toLowerCase()}`}
                >
                  Record consent
                </Button>
              )}
            </li>
          );
        })}
      </ul>

      <h4 className="subheading">All consent records</h4>
      <div className="table-scroll">
        <Table aria-label="Consent records" className="table" data-testid="consent-records">
          <TableHeader>
            <Column isRowHeader>Kind</Column>
            <Column>Given</Column>
            <Column>Covers</Column>
            <Column>Status</Column>
            <Column>Actions</Column>
          </TableHeader>
          <TableBody
            items={records}
            renderEmptyState={() => (
              <p className="table-empty">
                No consent recorded yet. Use <strong>Record consent</strong> once you have explained how you
                work and the client has agreed.
              </p>
            )}
          >
            {(record) => (
              <Row id={record.id}>
                <Cell>
                  <span className="cell-main">{CONSENT_KIND_LABELS[record.kind]}</span>
                  <span className="cell-sub">Text version {record.templateVersion}</span>
                </Cell>
                <Cell>
                  <span className="cell-main nowrap">{formatDay(record.givenAt)}</span>
                  <span className="cell-sub">{CONSENT_METHOD_LABELS[record.method]}</span>
                  {record.evidence !== null && (
                    <span className="cell-sub">
                      Evidence: {record.evidence.name} ({formatBytes(record.evidence.bytes)}){' '}
                      <Button
                        className="link-button"
                        onPress={() => {
                          setEvidenceFailure(null);
                          downloadEvidence(record.id).catch((error: unknown) =>
                            setEvidenceFailure(failureMessage(error)),
                          );
                        }}
                      >
                        Download
                      </Button>
                    </span>
                  )}
                </Cell>
                <Cell>
                  {record.modalities.length === 0
                    ? '—'
                    : record.modalities.map((modality) => MODALITY_LABELS[modality]).join(', ')}
                  {record.expiresAt !== null && (
                    <span className="cell-sub">Until {formatDay(record.expiresAt)}</span>
                  )}
                </Cell>
                <Cell>
                  <ConsentStatusBadge status={record.status} />
                  {record.withdrawalReason !== null && (
                    <span className="cell-sub">Reason: {record.withdrawalReason}</span>
                  )}
                </Cell>
                <Cell>
                  {record.withdrawnAt === null ? (
                    <Button
                      className="button button-small"
                      onPress={() => setWithdrawing(record)}
                      aria-label={`Withdraw ${CONSENT_KIND_LABELS[record.kind].toLowerCase()} consent given ${formatDay(record.givenAt)}`}
                    >
                      Withdraw…
                    </Button>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </div>

      <RecordConsentDialog
        client={client}
        initialKind={recordingKind ?? 'distance_counselling'}
        isOpen={recordingKind !== null}
        onOpenChange={(open) => {
          if (!open) setRecordingKind(null);
        }}
      />
      <WithdrawConsentDialog
        record={withdrawing}
        onOpenChange={(open) => {
          if (!open) setWithdrawing(null);
        }}
      />
    </div>
  );
}

/** Saves a consent's evidence file; the core checks it against its hash first. */
async function downloadEvidence(consentId: string): Promise<void> {
  const evidence = await outpost.call('consent.evidence', { id: consentId });
  const bytes = Uint8Array.from(atob(evidence.base64), (char) => char.charCodeAt(0));
  downloadText(evidence.name, bytes, 'application/octet-stream');
}
