import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { RpcError } from '../../../../shared/rpc/errors.std.ts';
import type { MethodOutput } from '../../../../shared/rpc/contract.std.ts';
import type { Inspection } from '../../../../shared/rpc/exchangeSchemas.std.ts';
import { Badge } from '../../ui/Badge.tsx';
import { CheckboxField } from '../../ui/CheckboxField.tsx';
import { fileNameOf, formatDateTimeShort } from '../../ui/format.ts';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { PassphraseField } from '../../ui/PassphraseField.tsx';
import { noteRecordsChanged } from '../clients/recordChanges.ts';
import { ExchangeProgress } from './ExchangeProgress.tsx';
import { CONTENT_WORDS, ROLE_WORDS, SIGNER_WORDS } from './exchangeText.ts';
import { Fingerprint } from './Fingerprint.tsx';
import { useExchangeJob } from './useExchangeJob.ts';

type Accepted = MethodOutput<'exchange.accept'>;

function needsPassphrase(error: unknown): boolean {
  return error instanceof RpcError && error.field === 'bundlePassphrase';
}

/**
 * A bundle from a colleague: decrypted and checked (signature, every hash) and shown
 * before anything is stored; Accept imports exactly what was shown.
 */
export function ReceiveSection({ onImported }: { onImported: () => void }) {
  const [file, setFile] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [askPassphrase, setAskPassphrase] = useState(false);
  const [trustUnknown, setTrustUnknown] = useState(false);
  const [dialogFailure, setDialogFailure] = useState<string | null>(null);
  const inspect = useExchangeJob<Inspection>();
  const accept = useExchangeJob<Accepted>();

  async function open(path: string, withPassphrase: string): Promise<void> {
    accept.reset();
    setTrustUnknown(false);
    await inspect.run(() =>
      outpost.call('exchange.inspect', {
        file: path,
        ...(withPassphrase === '' ? {} : { bundlePassphrase: withPassphrase }),
      }),
    );
  }

  async function choose(): Promise<void> {
    let path: string | null;
    try {
      setDialogFailure(null);
      path = (await outpost.call('os.chooseFile', { purpose: 'exchange-bundle' })).path;
    } catch (error) {
      setDialogFailure(failureMessage(error));
      return;
    }
    if (path === null) return;
    setFile(path);
    setPassphrase('');
    setAskPassphrase(false);
    await open(path, '');
  }

  function discard(): void {
    setFile(null);
    setPassphrase('');
    setAskPassphrase(false);
    inspect.reset();
    accept.reset();
  }

  async function acceptBundle(inspection: Inspection): Promise<void> {
    if (file === null) return;
    const result = await accept.run(() =>
      outpost.call('exchange.accept', {
        file,
        bundleId: inspection.bundleId,
        manifestSha256: inspection.manifestSha256,
        trustUnknownSigner: trustUnknown,
        ...(passphrase === '' ? {} : { bundlePassphrase: passphrase }),
      }),
    );
    if (result !== null) {
      noteRecordsChanged();
      onImported();
    }
  }

  const shown = inspect.job.status === 'done' ? inspect.job.result : null;
  const passphraseWanted =
    askPassphrase || (inspect.job.status === 'failed' && needsPassphrase(inspect.job.error));
  const accepted = accept.job.status === 'done' ? accept.job.result : null;

  return (
    <div className="exchange-sections">
      <section className="exchange-panel" aria-labelledby="receive-heading">
        <h2 id="receive-heading">Open a bundle</h2>
        <p className="muted">
          Outpost checks the bundle’s signature and every entry and shows what it holds. Nothing is stored
          until you accept it.
        </p>
        <div className="button-row">
          <Button
            className="button button-primary"
            isDisabled={inspect.job.status === 'running' || accept.job.status === 'running'}
            onPress={() => void choose()}
          >
            Choose a bundle…
          </Button>
          {file !== null && (
            <span className="path" data-testid="bundle-file">
              {fileNameOf(file)}
            </span>
          )}
        </div>
        {dialogFailure !== null && <ErrorNotice>{dialogFailure}</ErrorNotice>}
        {file !== null && passphraseWanted && (
          <Form
            validationBehavior="aria"
            className="form-stack"
            onSubmit={(event: FormEvent) => {
              event.preventDefault();
              setAskPassphrase(true);
              if (passphrase !== '') void open(file, passphrase);
            }}
          >
            <PassphraseField
              label="Bundle passphrase"
              autoComplete="current-password"
              value={passphrase}
              onChange={setPassphrase}
              autoFocus
              description="This bundle is locked with a passphrase. The sender tells it to you separately."
            />
            <div className="button-row">
              <Button type="submit" className="button" isDisabled={passphrase === ''}>
                Open
              </Button>
            </div>
          </Form>
        )}
        {inspect.job.status === 'running' && (
          <ExchangeProgress
            label="Opening the bundle…"
            progress={inspect.job.progress}
            isCancelling={inspect.job.isCancelling}
            onCancel={() => void inspect.cancel()}
          />
        )}
        {inspect.job.status === 'failed' && (
          <ErrorNotice testId="inspect-failure">{inspect.job.message}</ErrorNotice>
        )}
        {inspect.job.status === 'cancelled' && <StatusNotice>Cancelled. Nothing was imported.</StatusNotice>}
      </section>

      {shown !== null && (
        <section className="exchange-panel" aria-labelledby="inspection-heading" data-testid="inspection">
          <h2 id="inspection-heading">What the bundle holds</h2>
          <SignerBanner inspection={shown} />
          {shown.warnings.length > 0 && (
            <div role="alert" className="notice notice-warning" data-testid="inspection-warnings">
              <ul className="warning-list">
                {shown.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            </div>
          )}
          <dl className="inspection-facts">
            <dt>Made</dt>
            <dd>{formatDateTimeShort(shown.createdAt)}</dd>
            <dt>Locked</dt>
            <dd>{shown.encryptedTo === 'passphrase' ? 'With a passphrase' : 'To your key'}</dd>
            <dt>Contents</dt>
            <dd data-testid="inspection-contents">
              {shown.contents.length === 0
                ? 'Nothing'
                : shown.contents.map(({ kind, count }) => CONTENT_WORDS[kind](count)).join(', ')}
            </dd>
          </dl>
          {shown.summaries.length > 0 && (
            <div className="table-scroll">
              <table
                className="table"
                aria-label="Summaries in the bundle"
                data-testid="inspection-summaries"
              >
                <thead>
                  <tr>
                    <th scope="col">Client</th>
                    <th scope="col">Session</th>
                    <th scope="col">Template</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.summaries.map((summary) => (
                    <tr key={summary.summaryId}>
                      <td>
                        {summary.clientLabel}
                        {summary.pseudonymised && <span className="muted"> (pseudonymised)</span>}
                      </td>
                      <td>{formatDateTimeShort(summary.sessionAt)}</td>
                      <td>{summary.template}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {shown.alreadyImported && (
            <StatusNotice testId="already-imported">
              You imported this bundle before. Accepting it again changes nothing.
            </StatusNotice>
          )}
          {shown.signer === 'unknown' && accepted === null && (
            <CheckboxField isSelected={trustUnknown} onChange={setTrustUnknown}>
              I compared the sender’s fingerprint with them in person and I trust this bundle
            </CheckboxField>
          )}
          {accept.job.status === 'running' && (
            <ExchangeProgress
              label="Importing…"
              progress={accept.job.progress}
              isCancelling={accept.job.isCancelling}
              onCancel={() => void accept.cancel()}
            />
          )}
          {accept.job.status === 'failed' && (
            <ErrorNotice testId="accept-result">{accept.job.message}</ErrorNotice>
          )}
          {accept.job.status === 'cancelled' && (
            <StatusNotice testId="accept-result">Cancelled. Nothing was imported.</StatusNotice>
          )}
          {accepted !== null && (
            <StatusNotice tone="success" testId="accept-result">
              {describeAccepted(accepted)}
            </StatusNotice>
          )}
          {accepted === null && (
            <div className="button-row">
              <Button
                className="button button-primary"
                isDisabled={accept.job.status === 'running' || (shown.signer === 'unknown' && !trustUnknown)}
                onPress={() => void acceptBundle(shown)}
              >
                Accept
              </Button>
              <Button className="button" isDisabled={accept.job.status === 'running'} onPress={discard}>
                Discard
              </Button>
            </div>
          )}
        </section>
      )}
    </div>
  );
}

function SignerBanner({ inspection }: { inspection: Inspection }) {
  const { signer, sender } = inspection;
  const tone = signer === 'verified' ? 'success' : signer === 'unverified' ? 'warning' : 'danger';
  return (
    <div className={`signer-banner signer-${signer}`} data-testid="signer-status">
      <p className="signer-line">
        <Badge tone={tone}>
          {signer === 'verified' ? 'Verified' : signer === 'unverified' ? 'Not verified' : 'Unknown sender'}
        </Badge>
        <strong>{SIGNER_WORDS[signer]}</strong>
      </p>
      <p>
        From <strong>{sender.displayName}</strong> ({ROLE_WORDS[sender.role].toLowerCase()}), fingerprint{' '}
        <Fingerprint value={sender.fingerprint} size="inline" />
      </p>
    </div>
  );
}

function describeAccepted(result: Accepted): string {
  if (result.alreadyImported) return 'This bundle was imported before. Nothing changed.';
  const parts: string[] = [];
  if (result.imported > 0 || result.alreadyHere > 0)
    parts.push(
      `${result.imported} ${result.imported === 1 ? 'summary' : 'summaries'} imported` +
        (result.alreadyHere > 0 ? ` (${result.alreadyHere} already here)` : ''),
    );
  if (result.reviewRequests > 0)
    parts.push(`${result.reviewRequests} ${result.reviewRequests === 1 ? 'reply' : 'replies'} to review`);
  if (result.decisionsApplied > 0)
    parts.push(
      `${result.decisionsApplied} review ${result.decisionsApplied === 1 ? 'decision' : 'decisions'} applied to your replies`,
    );
  return parts.length === 0 ? 'Imported. There was nothing new in it.' : `Imported: ${parts.join('; ')}.`;
}
