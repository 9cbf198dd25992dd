import { useState } from 'react';
import { Button, FieldError, Group, Input, Label, NumberField, Text } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import type { Client } from '../../../../shared/rpc/recordSchemas.std.ts';
import { Badge } from '../../ui/Badge.tsx';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { ClockIcon } from '../../ui/recordIcons.tsx';
import { formatDay } from './dates.ts';
import { EraseClientDialog } from './EraseClientDialog.tsx';
import { noteRecordsChanged } from './recordChanges.ts';
import { plural } from './recordText.ts';
import { useLoad } from './useLoad.ts';

/** A common retention period for counselling records; the counsellor sets their own. */
const DEFAULT_YEARS = 7;
const MIN_YEARS = 1;
const MAX_YEARS = 100;

function yearsText(years: number): string {
  return years === 1 ? '1 year' : `${years} years`;
}

/** Clients whose records have outlived the retention period: archive or erase them. */
export function RetentionPanel({ clients }: { clients: readonly Client[] }) {
  const [years, setYears] = useState(DEFAULT_YEARS);
  // The last acceptable period; an emptied field keeps the list it had.
  const [queriedYears, setQueriedYears] = useState(DEFAULT_YEARS);
  const [loaded, reload] = useLoad(
    () =>
      outpost
        .call('clients.retentionCandidates', { inactiveYears: queriedYears })
        .then(({ candidates }) => ({ candidates, years: queriedYears })),
    `retention-${queriedYears}`,
  );
  const [erasing, setErasing] = useState<Client | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ kind: 'done' | 'failed'; text: string } | null>(null);
  const statusById = new Map(clients.map((client) => [client.id, client.status]));
  const yearsError = Number.isNaN(years)
    ? `Enter a whole number of years from ${MIN_YEARS} to ${MAX_YEARS}.`
    : null;

  function changeYears(value: number): void {
    setYears(value);
    if (!Number.isNaN(value)) setQueriedYears(Math.round(value));
  }

  async function archive(id: string, displayName: string): Promise<void> {
    setBusyId(id);
    setOutcome(null);
    try {
      await outpost.call('clients.setArchived', { id, archived: true });
      setOutcome({
        kind: 'done',
        text: `${displayName} is archived. The record is kept; erase it when you no longer need it.`,
      });
      noteRecordsChanged();
    } catch (error) {
      setOutcome({ kind: 'failed', text: failureMessage(error) });
    } finally {
      setBusyId(null);
    }
  }

  async function startErase(id: string): Promise<void> {
    setBusyId(id);
    setOutcome(null);
    try {
      setErasing(clients.find((client) => client.id === id) ?? (await outpost.call('clients.get', { id })));
    } catch (error) {
      setOutcome({ kind: 'failed', text: failureMessage(error) });
    } finally {
      setBusyId(null);
    }
  }

  return (
    <section className="records-panel" aria-labelledby="retention-heading" data-testid="retention">
      <h2 id="retention-heading">Retention</h2>
      <p className="muted">
        Records should be kept only as long as your service&rsquo;s retention period requires. Review clients
        you have not worked with for a long time, then archive or erase them.
      </p>
      <NumberField
        className="field"
        value={years}
        onChange={changeYears}
        minValue={MIN_YEARS}
        maxValue={MAX_YEARS}
        step={1}
        formatOptions={{ maximumFractionDigits: 0 }}
        isInvalid={yearsError !== null}
        validationBehavior="aria"
      >
        <Label className="field-label">Clients with no activity for</Label>
        <Group className="retention-years">
          <Input className="input input-number" />
          <span className="retention-unit" aria-hidden="true">
            years
          </span>
        </Group>
        <Text slot="description" className="field-description">
          In years, from {MIN_YEARS} to {MAX_YEARS}. Activity is any change to the client&rsquo;s record: a
          note, consent, a task or an edit.
        </Text>
        <FieldError className="field-error">{yearsError}</FieldError>
      </NumberField>

      {outcome?.kind === 'done' && <StatusNotice tone="success">{outcome.text}</StatusNotice>}
      {outcome?.kind === 'failed' && <ErrorNotice>{outcome.text}</ErrorNotice>}
      {loaded.status === 'loading' && <PendingBar label="Looking for inactive clients…" />}
      {loaded.status === 'failed' && (
        <div className="records-error">
          <ErrorNotice>{loaded.message}</ErrorNotice>
          <Button className="button" onPress={reload}>
            Try again
          </Button>
        </div>
      )}
      {loaded.status === 'ready' &&
        (loaded.data.candidates.length === 0 ? (
          <div className="reminders-empty" data-testid="retention-empty">
            <ClockIcon />
            <div>
              <p>
                <strong>No client has been inactive for {yearsText(loaded.data.years)} or more.</strong>
              </p>
              <p className="muted">
                This rule helps you keep records no longer than you need them. Clients whose records have not
                changed for the period above are listed here, so you can archive them or, once the retention
                period has ended, erase them.
              </p>
            </div>
          </div>
        ) : (
          <div className="reminder-group">
            <h3>
              No activity for {yearsText(loaded.data.years)} or more ({loaded.data.candidates.length})
            </h3>
            <p className="muted">
              {plural(loaded.data.candidates.length, 'client')} to review. Archive keeps the record out of
              your lists; Erase removes it for good.
            </p>
            <ul className="reminder-list" aria-label="Inactive clients">
              {loaded.data.candidates.map((candidate) => {
                const isArchived = statusById.get(candidate.id) === 'archived';
                return (
                  <li key={candidate.id} data-testid="retention-candidate">
                    <span className="reminder-name">{candidate.displayName}</span>
                    <span className="reminder-what">
                      Last activity{' '}
                      <time dateTime={candidate.lastActivityAt}>{formatDay(candidate.lastActivityAt)}</time>
                    </span>
                    {isArchived ? (
                      <Badge>Archived</Badge>
                    ) : (
                      <Button
                        className="button button-small"
                        onPress={() => void archive(candidate.id, candidate.displayName)}
                        isPending={busyId === candidate.id}
                        aria-label={`Archive ${candidate.displayName}`}
                      >
                        Archive
                      </Button>
                    )}
                    <Button
                      className="button button-small button-danger"
                      onPress={() => void startErase(candidate.id)}
                      isDisabled={busyId === candidate.id}
                      aria-label={`Erase ${candidate.displayName}…`}
                    >
                      Erase…
                    </Button>
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      {erasing !== null && (
        <EraseClientDialog
          key={erasing.id}
          client={erasing}
          isOpen
          onOpenChange={(open) => {
            if (!open) setErasing(null);
          }}
          onErased={() => {
            setOutcome({ kind: 'done', text: `${erasing.displayName} was erased.` });
            noteRecordsChanged();
          }}
        />
      )}
    </section>
  );
}
