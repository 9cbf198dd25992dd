import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { TeamMember } from '../../../../shared/rpc/exchangeSchemas.std.ts';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { Fingerprint } from './Fingerprint.tsx';
import { RecipientFields, exportTarget } from './RecipientFields.tsx';
import type { RecipientChoice } from './RecipientFields.tsx';
import { useExchangeJob } from './useExchangeJob.ts';
import { ExchangeProgress } from './ExchangeProgress.tsx';

/**
 * "Move to a new computer": one signed bundle holding an encrypted snapshot of the
 * whole vault. A bundle passphrase is the way to reach a new computer (it has no team
 * card yet); a verified colleague's card is offered for handing a vault over.
 */
export function MoveVaultSection({
  members,
  fingerprint,
}: {
  members: readonly TeamMember[];
  fingerprint: string;
}) {
  const [choice, setChoice] = useState<RecipientChoice>({
    mode: 'passphrase',
    memberIds: [],
    passphrase: '',
  });
  const { job, run, cancel } = useExchangeJob<{ file: string; bytes: number }>();
  const [dialogFailure, setDialogFailure] = useState<string | null>(null);
  const target = exportTarget(choice);
  const isRunning = job.status === 'running';

  async function start(): Promise<void> {
    if (target === null) return;
    let folder: string | null;
    try {
      setDialogFailure(null);
      folder = (await outpost.call('os.chooseFolder', { purpose: 'exchange-export' })).path;
    } catch (error) {
      setDialogFailure(failureMessage(error));
      return;
    }
    if (folder === null) return;
    const result = await run(() => outpost.call('exchange.exportVaultTransfer', { to: target, folder }));
    if (result !== null) setChoice((current) => ({ ...current, passphrase: '' }));
  }

  return (
    <section className="exchange-panel" aria-labelledby="move-vault-heading" data-testid="move-vault">
      <h2 id="move-vault-heading">Move to a new computer</h2>
      <p>
        Writes your whole vault (clients, notes, messages, settings and the audit log) into one signed,
        encrypted file. Carry it to the new computer, start Outpost there and choose{' '}
        <strong>Move a vault from another computer</strong>.
      </p>
      <ol>
        <li>
          Lock it with a <strong>bundle passphrase</strong> (recommended: a new computer has no team card yet)
          and tell it to yourself another way than the file, for example on paper you keep with you.
        </li>
        <li>
          On the new computer you will also need <strong>your vault passphrase</strong>. It is not in the
          file.
        </li>
        <li>
          The new computer shows who signed the file. Check that it shows this fingerprint:{' '}
          <Fingerprint value={fingerprint} size="inline" testId="move-vault-fingerprint" />
        </li>
      </ol>
      <RecipientFields
        members={members}
        value={choice}
        onChange={setChoice}
        memberLabel="Hand the vault to"
      />
      {choice.mode === 'members' && (
        <p className="muted">
          A vault sent to a colleague’s card opens only in their unlocked Outpost, and replaces the vault
          there (theirs is set aside, not deleted).
        </p>
      )}
      {job.status === 'running' && (
        <ExchangeProgress
          label="Writing the transfer file…"
          progress={job.progress}
          isCancelling={job.isCancelling}
          onCancel={() => void cancel()}
        />
      )}
      {job.status === 'cancelled' && (
        <StatusNotice testId="move-vault-result">Cancelled. No transfer file was written.</StatusNotice>
      )}
      {job.status === 'done' && (
        <StatusNotice tone="success" testId="move-vault-result">
          Wrote {job.result.file} ({Math.max(1, Math.round(job.result.bytes / 1024))} KB). Keep it safe until
          the vault is open on the new computer, then delete it.
        </StatusNotice>
      )}
      {job.status === 'failed' && <ErrorNotice testId="move-vault-result">{job.message}</ErrorNotice>}
      {dialogFailure !== null && <ErrorNotice>{dialogFailure}</ErrorNotice>}
      <div className="button-row">
        <Button
          className="button button-primary"
          isDisabled={target === null || isRunning}
          onPress={() => void start()}
        >
          Write transfer file…
        </Button>
      </div>
    </section>
  );
}
