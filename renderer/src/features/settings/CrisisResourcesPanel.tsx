import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { failureMessage } from '../../client/failureMessage.ts';
import type { VaultSettings } from '../../../../shared/rpc/contract.std.ts';
import {
  CRISIS_LIMITS,
  DEFAULT_CRISIS_RESOURCES,
  DEFAULT_CRISIS_RESOURCES_REVIEWED,
  newRegionId,
} from '../../../../shared/domain/crisisResources.std.ts';
import type { CrisisResources } from '../../../../shared/domain/crisisResources.std.ts';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { ModalDialog } from '../../ui/ModalDialog.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { TextInputField } from '../../ui/TextInputField.tsx';
import {
  checkDraft,
  emptyResource,
  fromDraft,
  moved,
  newDraftKey,
  toDraft,
} from '../crisis/crisisResourcesDraft.ts';
import type { CrisisResourcesDraft, RegionDraft } from '../crisis/crisisResourcesDraft.ts';
import { CrisisResourcesRegionEditor } from './CrisisResourcesRegionEditor.tsx';
import type { VaultSettingsHandle } from './useVaultSettings.ts';
import { SettingsLoadState } from './SettingsLoadState.tsx';
import './settings.css';
import '../crisis/crisis.css';

/** Emergency numbers and crisis lines per region, shown with every crisis alert. */
export function CrisisResourcesPanel({ settings }: { settings: VaultSettingsHandle }) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId} data-testid="crisis-resources-settings">
      <h2 id={headingId}>Crisis resources</h2>
      <p className="panel-intro">
        The emergency numbers and crisis lines shown with every crisis alert, for the region you choose. The
        defaults were last reviewed in {DEFAULT_CRISIS_RESOURCES_REVIEWED}; services change, so check them for
        your region and add your local ones.
      </p>
      <SettingsLoadState state={settings.state} onRetry={settings.retry} />
      {settings.state.status === 'ready' && (
        <CrisisResourcesForm saved={settings.state.settings.crisisResources} save={settings.save} />
      )}
    </section>
  );
}

interface FormProps {
  saved: CrisisResources;
  save: (changes: Partial<VaultSettings>) => Promise<VaultSettings>;
}

type Outcome = { kind: 'saved' | 'failed'; text: string } | null;

function CrisisResourcesForm({ saved, save }: FormProps) {
  const [draft, setDraft] = useState<CrisisResourcesDraft>(() => toDraft(saved));
  const [editingKey, setEditingKey] = useState<string | null>(() => draft.regions[0]?.key ?? null);
  const [newRegionName, setNewRegionName] = useState('');
  const [newRegionError, setNewRegionError] = useState<string | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [isConfirmingRestore, setConfirmingRestore] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const pendingFocus = useRef<string | null>(null);
  const [focusRequests, setFocusRequests] = useState(0);

  /** After a move or a removal the pressed button may have moved or gone: focus this once rendered. */
  function setFocusTarget(focusId: string): void {
    pendingFocus.current = focusId;
    setFocusRequests((count) => count + 1);
  }

  useEffect(() => {
    const focusId = pendingFocus.current;
    if (focusId === null) return;
    pendingFocus.current = null;
    const marked = formRef.current?.querySelector<HTMLElement>(`[data-focus-id="${CSS.escape(focusId)}"]`);
    // A field is marked on its wrapper; its input takes the focus.
    (marked?.querySelector<HTMLElement>('input') ?? marked)?.focus();
  }, [focusRequests]);

  const check = checkDraft(draft);
  const problems = showErrors && !check.ok ? check.byPath : new Map<string, string>();
  const isDirty = JSON.stringify(fromDraft(draft)) !== JSON.stringify(saved);
  const editingIndex = draft.regions.findIndex((region) => region.key === editingKey);
  const editing = draft.regions[editingIndex];

  function change(next: (current: CrisisResourcesDraft) => CrisisResourcesDraft): void {
    setDraft(next);
    setOutcome(null);
  }

  function updateRegion(key: string, next: (region: RegionDraft) => RegionDraft): void {
    change((current) => ({
      ...current,
      regions: current.regions.map((region) => (region.key === key ? next(region) : region)),
    }));
  }

  function moveRegion(index: number, step: -1 | 1): void {
    const region = draft.regions[index];
    if (region === undefined) return;
    change((current) => ({ ...current, regions: moved(current.regions, index, step) }));
    const landsAt = index + step;
    const atEdge = step === -1 ? landsAt === 0 : landsAt === draft.regions.length - 1;
    setFocusTarget(`${region.key}:${atEdge ? (step === -1 ? 'down' : 'up') : step === -1 ? 'up' : 'down'}`);
  }

  function removeRegion(index: number): void {
    const region = draft.regions[index];
    if (region === undefined || draft.regions.length <= 1) return;
    const remaining = draft.regions.filter((_, position) => position !== index);
    change((current) => ({
      ...current,
      regions: remaining,
      // The alerts need a region: the first one left takes over if this one was shown.
      selectedRegion:
        current.selectedRegion === region.id
          ? (remaining[0]?.id ?? current.selectedRegion)
          : current.selectedRegion,
    }));
    if (editingKey === region.key)
      setEditingKey(remaining[Math.min(index, remaining.length - 1)]?.key ?? null);
    const next = remaining[Math.min(index, remaining.length - 1)];
    setFocusTarget(next === undefined ? 'add-region' : `${next.key}:edit`);
  }

  function addRegion(): void {
    const name = newRegionName.trim();
    if (name === '') {
      setNewRegionError('Name the region first.');
      return;
    }
    if (draft.regions.length >= CRISIS_LIMITS.regions) {
      setNewRegionError(`The list can hold at most ${CRISIS_LIMITS.regions} regions.`);
      return;
    }
    const region: RegionDraft = {
      key: newDraftKey(),
      id: newRegionId(
        name,
        draft.regions.map((existing) => existing.id),
      ),
      name,
      resources: [{ ...emptyResource(), name: 'Emergency services', kind: 'emergency' }],
    };
    change((current) => ({ ...current, regions: [...current.regions, region] }));
    setNewRegionName('');
    setNewRegionError(null);
    setEditingKey(region.key);
    setFocusTarget('region-editor');
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setShowErrors(true);
    setOutcome(null);
    if (isSaving) return;
    if (!check.ok) {
      setOutcome({
        kind: 'failed',
        text: `Not saved: ${check.problems.length === 1 ? 'one thing needs' : `${check.problems.length} things need`} fixing first (listed below).`,
      });
      return;
    }
    await store(check.value, 'Saved. Crisis alerts now show these resources.');
  }

  async function store(list: CrisisResources, message: string): Promise<void> {
    setSaving(true);
    try {
      const stored = await save({ crisisResources: list });
      const next = toDraft(stored.crisisResources);
      setDraft(next);
      setEditingKey((key) => {
        const position = draft.regions.findIndex((region) => region.key === key);
        return next.regions[Math.max(0, Math.min(position, next.regions.length - 1))]?.key ?? null;
      });
      setShowErrors(false);
      setOutcome({ kind: 'saved', text: message });
    } catch (error) {
      setOutcome({ kind: 'failed', text: failureMessage(error) });
    } finally {
      setSaving(false);
    }
  }

  function discard(): void {
    const next = toDraft(saved);
    setDraft(next);
    setEditingKey(next.regions[0]?.key ?? null);
    setShowErrors(false);
    setOutcome(null);
  }

  const regionOptions = draft.regions.map((region) => ({
    id: region.id,
    label: region.name.trim() === '' ? '(unnamed region)' : region.name,
  }));
  const listProblems = showErrors && !check.ok ? check.problems : [];

  return (
    <Form
      ref={formRef}
      validationBehavior="aria"
      className="panel-section form-stack"
      aria-label="Crisis resources"
      onSubmit={(event) => void submit(event)}
    >
      <div className="field-row">
        <SelectField
          label="Region shown in crisis alerts"
          options={regionOptions}
          value={draft.selectedRegion}
          onChange={(value) => change((current) => ({ ...current, selectedRegion: value }))}
          isDisabled={isSaving}
        />
        <TextInputField
          label="List last reviewed (year-month)"
          value={draft.lastReviewed}
          onChange={(value) => change((current) => ({ ...current, lastReviewed: value }))}
          maxLength={7}
          isReadOnly={isSaving}
          placeholder="2026-11"
          description="When someone last checked these numbers."
          errorMessage={problems.get('lastReviewed') ?? null}
        />
      </div>

      <section className="crisis-settings-regions" aria-labelledby="crisis-regions-heading">
        <h3 id="crisis-regions-heading">Regions</h3>
        <ol className="crisis-settings-list">
          {draft.regions.map((region, index) => (
            <li key={region.key} className="crisis-settings-row" aria-current={region.key === editingKey}>
              <span className="crisis-settings-row-name">
                {region.name.trim() === '' ? '(unnamed region)' : region.name}
                <span className="muted">
                  {' '}
                  · {region.resources.length} {region.resources.length === 1 ? 'resource' : 'resources'}
                  {region.id === draft.selectedRegion && ' · shown in alerts'}
                </span>
              </span>
              <span className="button-row">
                <Button
                  className="button button-small"
                  data-focus-id={`${region.key}:edit`}
                  aria-label={`Edit ${region.name || 'unnamed region'}`}
                  onPress={() => {
                    setEditingKey(region.key);
                    setFocusTarget('region-editor');
                  }}
                >
                  Edit
                </Button>
                <Button
                  className="button button-small"
                  data-focus-id={`${region.key}:up`}
                  aria-label={`Move ${region.name || 'unnamed region'} up`}
                  isDisabled={index === 0 || isSaving}
                  onPress={() => moveRegion(index, -1)}
                >
                  Up
                </Button>
                <Button
                  className="button button-small"
                  data-focus-id={`${region.key}:down`}
                  aria-label={`Move ${region.name || 'unnamed region'} down`}
                  isDisabled={index === draft.regions.length - 1 || isSaving}
                  onPress={() => moveRegion(index, 1)}
                >
                  Down
                </Button>
                <Button
                  className="button button-small button-danger"
                  aria-label={`Remove ${region.name || 'unnamed region'}`}
                  isDisabled={draft.regions.length <= 1 || isSaving}
                  onPress={() => removeRegion(index)}
                >
                  Remove
                </Button>
              </span>
            </li>
          ))}
        </ol>
        <div className="crisis-settings-add">
          <TextInputField
            label="New region"
            value={newRegionName}
            onChange={(value) => {
              setNewRegionName(value);
              setNewRegionError(null);
            }}
            maxLength={CRISIS_LIMITS.name}
            isReadOnly={isSaving}
            placeholder="e.g. Scotland, or your county"
            errorMessage={newRegionError}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                addRegion();
              } else event.continuePropagation();
            }}
          />
          <Button className="button" data-focus-id="add-region" isDisabled={isSaving} onPress={addRegion}>
            Add region
          </Button>
        </div>
      </section>

      {editing !== undefined && (
        <CrisisResourcesRegionEditor
          key={editing.key}
          region={editing}
          regionIndex={editingIndex}
          problems={problems}
          isSaving={isSaving}
          onChange={(next) => updateRegion(editing.key, next)}
          onFocusRequest={setFocusTarget}
        />
      )}

      {listProblems.length > 0 && (
        <div className="notice notice-error crisis-settings-problems">
          <p>Fix these before saving:</p>
          <ul>
            {listProblems.map((problem) => (
              <li key={`${problem.path}:${problem.message}`}>
                {describeWhere(problem.path, draft)}
                {problem.message}
                {regionKeyOf(problem.path, draft) !== null &&
                  regionKeyOf(problem.path, draft) !== editingKey && (
                    <>
                      {' '}
                      <Button
                        className="link-button"
                        onPress={() => {
                          setEditingKey(regionKeyOf(problem.path, draft));
                          setFocusTarget('region-editor');
                        }}
                      >
                        Edit this region
                      </Button>
                    </>
                  )}
              </li>
            ))}
          </ul>
        </div>
      )}

      {outcome?.kind === 'saved' && <StatusNotice tone="success">{outcome.text}</StatusNotice>}
      {outcome?.kind === 'failed' && <ErrorNotice>{outcome.text}</ErrorNotice>}
      <div className="button-row">
        <Button type="submit" className="button button-primary" isDisabled={!isDirty} isPending={isSaving}>
          Save crisis resources
        </Button>
        <Button className="button" isDisabled={!isDirty || isSaving} onPress={discard}>
          Discard changes
        </Button>
        <Button className="button" isDisabled={isSaving} onPress={() => setConfirmingRestore(true)}>
          Restore defaults…
        </Button>
      </div>

      <ModalDialog
        title="Restore the default crisis resources?"
        role="alertdialog"
        isOpen={isConfirmingRestore}
        onOpenChange={setConfirmingRestore}
        isDismissable={!isSaving}
      >
        <p>
          Every region and number in this list is replaced by Outpost&rsquo;s defaults (last reviewed{' '}
          {DEFAULT_CRISIS_RESOURCES_REVIEWED}), including regions you added and changes not yet saved. This is
          saved at once.
        </p>
        <div className="button-row button-row-end">
          <Button className="button" autoFocus onPress={() => setConfirmingRestore(false)}>
            Cancel
          </Button>
          <Button
            className="button button-danger"
            isPending={isSaving}
            onPress={() =>
              void store(DEFAULT_CRISIS_RESOURCES, 'Defaults restored and saved.').finally(() =>
                setConfirmingRestore(false),
              )
            }
          >
            Restore defaults
          </Button>
        </div>
      </ModalDialog>
    </Form>
  );
}

/** "Ireland, resource 2: " for a problem's path, so the list says where to look. */
function describeWhere(path: string, draft: CrisisResourcesDraft): string {
  const [root, regionIndex, part, resourceIndex] = path.split('.');
  if (root !== 'regions' || regionIndex === undefined) return '';
  const region = draft.regions[Number(regionIndex)];
  if (region === undefined) return '';
  const regionName = region.name.trim() === '' ? `Region ${Number(regionIndex) + 1}` : region.name;
  if (part !== 'resources' || resourceIndex === undefined) return `${regionName}: `;
  const resource = region.resources[Number(resourceIndex)];
  const resourceName =
    resource === undefined || resource.name.trim() === '' ? '' : ` (${resource.name.trim()})`;
  return `${regionName}, resource ${Number(resourceIndex) + 1}${resourceName}: `;
}

function regionKeyOf(path: string, draft: CrisisResourcesDraft): string | null {
  const [root, regionIndex] = path.split('.');
  if (root !== 'regions' || regionIndex === undefined) return null;
  return draft.regions[Number(regionIndex)]?.key ?? null;
}
