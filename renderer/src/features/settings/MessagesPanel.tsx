import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Form, Group, Input, Label, NumberField } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import type { VaultSettings } from '../../../../shared/rpc/contract.std.ts';
import type { ResponseTarget, ResponseTargets } from '../../../../shared/domain/responseTargets.std.ts';
import { DEFAULT_RESPONSE_TARGETS } from '../../../../shared/domain/responseTargets.std.ts';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { TIER_LABELS } from '../../ui/TierBadge.tsx';
import type { VaultSettingsHandle } from './useVaultSettings.ts';
import { SettingsLoadState } from './SettingsLoadState.tsx';
import './settings.css';

const TARGET_TIERS = ['crisis', 'urgent', 'priority', 'routine'] as const;
const UNIT_OPTIONS = [
  { id: 'minutes', label: 'minutes' },
  { id: 'hours', label: 'hours' },
  { id: 'working_days', label: 'working days' },
];

/** How soon each tier is due, and the inbox folder whose files are imported by themselves. */
export function MessagesPanel({ settings }: { settings: VaultSettingsHandle }) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId} data-testid="messages-settings">
      <h2 id={headingId}>Messages</h2>
      <p className="panel-intro">
        When each tier of message is due for a first response, and a folder whose files are imported into the
        queue by themselves.
      </p>
      <SettingsLoadState state={settings.state} onRetry={settings.retry} />
      {settings.state.status === 'ready' && (
        <>
          <ResponseTargetsForm saved={settings.state.settings} save={settings.save} />
          <WatchFolderSection saved={settings.state.settings} save={settings.save} />
        </>
      )}
    </section>
  );
}

interface FormProps {
  saved: VaultSettings;
  save: (changes: Partial<VaultSettings>) => Promise<VaultSettings>;
}

function ResponseTargetsForm({ saved, save }: FormProps) {
  const [targets, setTargets] = useState<ResponseTargets>(saved.responseTargets);
  const [isSaving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'saved' | 'failed'; text: string } | null>(null);
  const invalid = TARGET_TIERS.some((tier) => {
    const amount = targets[tier].amount;
    return !Number.isInteger(amount) || amount < 1 || amount > 10_000;
  });

  function setTarget(tier: (typeof TARGET_TIERS)[number], change: Partial<ResponseTarget>): void {
    setTargets((current) => ({ ...current, [tier]: { ...current[tier], ...change } }));
    setOutcome(null);
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (invalid || isSaving) return;
    setSaving(true);
    try {
      const stored = await save({ responseTargets: targets });
      setTargets(stored.responseTargets);
      setOutcome({
        kind: 'saved',
        text: 'Saved. Every open message is now due by these targets.',
      });
    } catch (error) {
      setOutcome({ kind: 'failed', text: failureMessage(error) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <Form
      validationBehavior="aria"
      className="panel-section form-stack"
      aria-label="Response targets"
      onSubmit={(event) => void submit(event)}
    >
      <h3>First-response targets</h3>
      <p className="muted">
        A message is due this long after it arrives; one still waiting past its target moves up a tier.
        Working days are Monday to Friday.
      </p>
      <div className="target-grid">
        {TARGET_TIERS.map((tier) => (
          <div key={tier} className="target-row">
            <NumberField
              className="field"
              value={targets[tier].amount}
              onChange={(amount) => setTarget(tier, { amount })}
              minValue={1}
              maxValue={10_000}
              step={1}
              formatOptions={{ maximumFractionDigits: 0 }}
              isReadOnly={isSaving}
            >
              <Label className="field-label">{TIER_LABELS[tier]}</Label>
              <Group className="input-with-unit">
                <Input className="input input-number" />
              </Group>
            </NumberField>
            <SelectField
              label={`${TIER_LABELS[tier]} unit`}
              options={UNIT_OPTIONS}
              value={targets[tier].unit}
              onChange={(unit) => setTarget(tier, { unit: unit as ResponseTarget['unit'] })}
            />
          </div>
        ))}
      </div>
      {invalid && <ErrorNotice>Each target is a whole number from 1 to 10,000.</ErrorNotice>}
      {outcome?.kind === 'saved' && <StatusNotice tone="success">{outcome.text}</StatusNotice>}
      {outcome?.kind === 'failed' && <ErrorNotice>{outcome.text}</ErrorNotice>}
      <div className="button-row">
        <Button type="submit" className="button" isPending={isSaving} isDisabled={invalid}>
          Save targets
        </Button>
        <Button
          className="button"
          onPress={() => {
            setTargets(DEFAULT_RESPONSE_TARGETS);
            setOutcome(null);
          }}
        >
          Use the defaults
        </Button>
      </div>
    </Form>
  );
}

function WatchFolderSection({ saved, save }: FormProps) {
  const [isSaving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function change(folder: string | null): Promise<void> {
    setSaving(true);
    setFailure(null);
    try {
      await save({ watchFolder: folder });
    } catch (error) {
      setFailure(failureMessage(error));
    } finally {
      setSaving(false);
    }
  }

  async function choose(): Promise<void> {
    const { path } = await outpost.call('os.chooseFolder', { purpose: 'watch-folder' });
    if (path !== null) await change(path);
  }

  return (
    <div className="panel-section" data-testid="watch-folder-settings">
      <h3>Inbox folder</h3>
      <p className="muted">
        While Outpost is unlocked, email, mailbox and export files saved into this folder are imported by
        themselves. Imported files move to its <code>imported</code> folder; files that could not be imported
        move to <code>failed</code>, with a report beside them.
      </p>
      <p data-testid="watch-folder-path">
        {saved.watchFolder === null ? (
          'No inbox folder is watched.'
        ) : (
          <span className="path">{saved.watchFolder}</span>
        )}
      </p>
      {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
      <div className="button-row">
        <Button className="button" isPending={isSaving} onPress={() => void choose().catch(() => undefined)}>
          {saved.watchFolder === null ? 'Choose a folder…' : 'Change folder…'}
        </Button>
        {saved.watchFolder !== null && (
          <Button className="button" isPending={isSaving} onPress={() => void change(null)}>
            Stop watching
          </Button>
        )}
      </div>
    </div>
  );
}
