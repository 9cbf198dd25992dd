import { useState } from 'react';
import { Button } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import type { MethodOutput } from '../../../../shared/rpc/contract.std.ts';
import type { TeamMember } from '../../../../shared/rpc/exchangeSchemas.std.ts';
import { CheckboxField } from '../../ui/CheckboxField.tsx';
import { CheckboxGroupField } from '../../ui/CheckboxGroupField.tsx';
import { DatePickerField } from '../../ui/DatePickerField.tsx';
import { fileNameOf, formatBytes } from '../../ui/format.ts';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { RadioChoice } from '../../ui/RadioChoice.tsx';
import type { CalendarDate } from '../clients/dates.ts';
import { useLoad } from '../clients/useLoad.ts';
import { noteRecordsChanged } from '../clients/recordChanges.ts';
import { EXCLUSION_WORDS, exchangeFailure } from './exchangeText.ts';
import { ExportBundleButton } from './ExportBundleButton.tsx';
import { exportTarget, RecipientFields } from './RecipientFields.tsx';
import type { RecipientChoice } from './RecipientFields.tsx';

type Preview = MethodOutput<'exchange.previewExport'>;

/**
 * Session summaries to colleagues: choose clients and dates, see who is shared and who
 * is left out (and why) before anything is written, then export a signed, encrypted bundle.
 */
export function SendSummariesSection({ members }: { members: readonly TeamMember[] }) {
  const [clients] = useLoad(() => outpost.call('clients.list', { status: 'active', limit: 1000 }), 'clients');
  const [scope, setScope] = useState<'all' | 'chosen'>('chosen');
  const [clientIds, setClientIds] = useState<string[]>([]);
  const [since, setSince] = useState<CalendarDate | null>(null);
  const [pseudonymise, setPseudonymise] = useState(false);
  const [recipients, setRecipients] = useState<RecipientChoice>({
    mode: 'members',
    memberIds: [],
    passphrase: '',
  });
  const [preview, setPreview] = useState<
    | { status: 'none' }
    | { status: 'loading' }
    | { status: 'ready'; preview: Preview }
    | { status: 'failed'; message: string }
  >({ status: 'none' });

  const selection = {
    ...(scope === 'chosen' ? { clientIds } : {}),
    ...(since === null ? {} : { since: since.toString() }),
  };
  const selectionComplete = scope === 'all' || clientIds.length > 0;
  const target = exportTarget(recipients);
  const canExport =
    preview.status === 'ready' && preview.preview.included.length > 0 && target !== null && selectionComplete;

  function changed(): void {
    setPreview({ status: 'none' });
  }

  async function showPreview(): Promise<void> {
    setPreview({ status: 'loading' });
    try {
      setPreview({ status: 'ready', preview: await outpost.call('exchange.previewExport', selection) });
    } catch (error) {
      setPreview({ status: 'failed', message: exchangeFailure(error) });
    }
  }

  return (
    <div className="exchange-sections">
      <section className="exchange-panel" aria-labelledby="send-heading">
        <h2 id="send-heading">Send session summaries</h2>
        <p className="muted">
          Only signed session notes of clients whose team-sharing consent is in force are sent. The preview
          lists everyone left out, and why.
        </p>
        <div className="form-stack">
          <RadioChoice
            label="Clients"
            isSegmented
            options={[
              { id: 'chosen', label: 'Chosen clients' },
              { id: 'all', label: 'All active clients' },
            ]}
            value={scope}
            onChange={(next) => {
              setScope(next);
              changed();
            }}
          />
          {scope === 'chosen' && clients.status === 'loading' && <PendingBar label="Loading clients…" />}
          {scope === 'chosen' && clients.status === 'failed' && <ErrorNotice>{clients.message}</ErrorNotice>}
          {scope === 'chosen' && clients.status === 'ready' && (
            <div className="client-choice">
              <CheckboxGroupField
                label="Share summaries of"
                options={clients.data.clients.map((client) => ({ id: client.id, label: client.displayName }))}
                value={clientIds}
                onChange={(ids) => {
                  setClientIds(ids);
                  changed();
                }}
                description={clients.data.clients.length === 0 ? 'There are no active clients.' : undefined}
              />
            </div>
          )}
          <DatePickerField<CalendarDate>
            label="Sessions since"
            value={since}
            onChange={(date) => {
              setSince(date);
              changed();
            }}
            description="Leave empty for every signed session."
          />
          <CheckboxField
            isSelected={pseudonymise}
            onChange={(value) => {
              setPseudonymise(value);
              changed();
            }}
          >
            Pseudonymise: name each client by a stable alias and remove their names and contact details
          </CheckboxField>
          {pseudonymise && (
            <p className="muted">
              Other people named in the notes are not detected. Read the summaries before sending them outside
              your team.
            </p>
          )}
          <div className="button-row">
            <Button
              className="button"
              isDisabled={!selectionComplete}
              isPending={preview.status === 'loading'}
              onPress={() => void showPreview()}
            >
              Preview
            </Button>
          </div>
        </div>
        {preview.status === 'failed' && <ErrorNotice>{preview.message}</ErrorNotice>}
        {preview.status === 'ready' && <PreviewLists preview={preview.preview} />}
      </section>

      <section className="exchange-panel" aria-labelledby="send-to-heading">
        <h2 id="send-to-heading">Recipients</h2>
        <RecipientFields members={members} value={recipients} onChange={setRecipients} />
        {preview.status !== 'ready' && <p className="muted">Preview the summaries first.</p>}
        <ExportBundleButton
          label="Export bundle…"
          kind="summaries"
          isDisabled={!canExport}
          write={(out) =>
            outpost.call('exchange.exportSummaries', {
              ...selection,
              pseudonymise,
              to: target ?? { memberIds: [] },
              out,
            })
          }
          describeDone={(result) => (
            <>
              <p>
                {result.summaries} {result.summaries === 1 ? 'summary' : 'summaries'} of {result.clients}{' '}
                {result.clients === 1 ? 'client' : 'clients'} written ({formatBytes(result.bytes)}):{' '}
                <span className="path">{fileNameOf(result.file)}</span>
              </p>
              {result.excluded.length > 0 && (
                <p>
                  Left out:{' '}
                  {result.excluded.map((e) => `${e.displayName} (${EXCLUSION_WORDS[e.reason]})`).join('; ')}.
                </p>
              )}
            </>
          )}
          onDone={() => noteRecordsChanged()}
        />
      </section>
    </div>
  );
}

function PreviewLists({ preview }: { preview: Preview }) {
  return (
    <div className="preview-lists" data-testid="export-preview">
      <div>
        <h3>Included</h3>
        {preview.included.length === 0 ? (
          <p className="muted">Nobody: there is nothing to share with these choices.</p>
        ) : (
          <ul aria-label="Included clients" data-testid="preview-included">
            {preview.included.map((client) => (
              <li key={client.clientId}>
                {client.displayName}: {client.summaries} {client.summaries === 1 ? 'summary' : 'summaries'}
              </li>
            ))}
          </ul>
        )}
      </div>
      {preview.excluded.length > 0 && (
        <div>
          <h3>Left out</h3>
          <ul aria-label="Left-out clients" data-testid="preview-excluded">
            {preview.excluded.map((client) => (
              <li key={client.clientId}>
                {client.displayName}: {EXCLUSION_WORDS[client.reason]}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
