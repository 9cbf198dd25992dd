import { Button } from 'react-aria-components';
import {
  CRISIS_LIMITS,
  CRISIS_RESOURCE_KINDS,
  CRISIS_RESOURCE_KIND_LABELS,
} from '../../../../shared/domain/crisisResources.std.ts';
import { SelectField } from '../../ui/SelectField.tsx';
import { TextInputField } from '../../ui/TextInputField.tsx';
import { emptyResource, moved } from '../crisis/crisisResourcesDraft.ts';
import type { RegionDraft, ResourceDraft } from '../crisis/crisisResourcesDraft.ts';

const KIND_OPTIONS = CRISIS_RESOURCE_KINDS.map((kind) => ({
  id: kind,
  label: CRISIS_RESOURCE_KIND_LABELS[kind],
}));

interface RegionEditorProps {
  region: RegionDraft;
  regionIndex: number;
  /** Problems by path ("regions.1.resources.0.phone"), only once saving was tried. */
  problems: ReadonlyMap<string, string>;
  isSaving: boolean;
  onChange: (next: (region: RegionDraft) => RegionDraft) => void;
  /** Asks the form to focus the element with this data-focus-id once it has re-rendered. */
  onFocusRequest: (focusId: string) => void;
}

/** One region's name and its resources: edit, add, remove and reorder. */
export function CrisisResourcesRegionEditor({
  region,
  regionIndex,
  problems,
  isSaving,
  onChange,
  onFocusRequest,
}: RegionEditorProps) {
  const at = `regions.${regionIndex}`;
  const title = region.name.trim() === '' ? 'the unnamed region' : region.name;
  const isFull = region.resources.length >= CRISIS_LIMITS.resourcesPerRegion;

  function updateResource(key: string, changes: Partial<ResourceDraft>): void {
    onChange((current) => ({
      ...current,
      resources: current.resources.map((resource) =>
        resource.key === key ? { ...resource, ...changes } : resource,
      ),
    }));
  }

  function moveResource(index: number, step: -1 | 1): void {
    const resource = region.resources[index];
    if (resource === undefined) return;
    onChange((current) => ({ ...current, resources: moved(current.resources, index, step) }));
    const landsAt = index + step;
    const atEdge = step === -1 ? landsAt === 0 : landsAt === region.resources.length - 1;
    onFocusRequest(`${resource.key}:${atEdge === (step === -1) ? 'down' : 'up'}`);
  }

  function removeResource(index: number): void {
    const remaining = region.resources.filter((_, position) => position !== index);
    onChange((current) => ({
      ...current,
      resources: current.resources.filter((_, position) => position !== index),
    }));
    const next = remaining[Math.min(index, remaining.length - 1)];
    onFocusRequest(next === undefined ? 'add-resource' : `${next.key}:name`);
  }

  function addResource(): void {
    const resource = emptyResource();
    onChange((current) => ({ ...current, resources: [...current.resources, resource] }));
    onFocusRequest(`${resource.key}:name`);
  }

  return (
    <section className="crisis-settings-editor" aria-labelledby="crisis-region-editor-heading">
      <h3 id="crisis-region-editor-heading" tabIndex={-1} data-focus-id="region-editor">
        Editing {title}
      </h3>
      <TextInputField
        label="Region name"
        value={region.name}
        onChange={(name) => onChange((current) => ({ ...current, name }))}
        isRequired
        maxLength={CRISIS_LIMITS.name}
        isReadOnly={isSaving}
        errorMessage={
          problems.get(`${at}.name`) ?? problems.get(`${at}.id`) ?? problems.get(`${at}.resources`) ?? null
        }
      />
      {region.resources.length === 0 && (
        <p className="muted">No resources yet. Add at least the local emergency number.</p>
      )}
      <ol className="crisis-settings-resources">
        {region.resources.map((resource, index) => {
          const where = `${at}.resources.${index}`;
          const label = resource.name.trim() === '' ? `resource ${index + 1}` : resource.name.trim();
          return (
            <li key={resource.key} className="crisis-settings-resource">
              <fieldset className="crisis-settings-fieldset">
                <legend>
                  Resource {index + 1}
                  {resource.name.trim() === '' ? '' : `: ${resource.name.trim()}`}
                </legend>
                <div className="field-row">
                  <ResourceTextField
                    focusId={`${resource.key}:name`}
                    label="Name"
                    isRequired
                    value={resource.name}
                    max={CRISIS_LIMITS.name}
                    isSaving={isSaving}
                    error={problems.get(`${where}.name`)}
                    onChange={(name) => updateResource(resource.key, { name })}
                  />
                  <SelectField
                    label="Kind"
                    options={KIND_OPTIONS}
                    value={resource.kind}
                    isDisabled={isSaving}
                    onChange={(kind) => {
                      const chosen = CRISIS_RESOURCE_KINDS.find((candidate) => candidate === kind);
                      if (chosen !== undefined) updateResource(resource.key, { kind: chosen });
                    }}
                  />
                </div>
                <div className="field-row">
                  <ResourceTextField
                    label="Phone"
                    type="tel"
                    value={resource.phone}
                    max={CRISIS_LIMITS.number}
                    isSaving={isSaving}
                    description="Digits and spaces, + at the start for an international number."
                    error={problems.get(`${where}.phone`)}
                    onChange={(phone) => updateResource(resource.key, { phone })}
                  />
                  <ResourceTextField
                    label="Text (SMS) number"
                    type="tel"
                    value={resource.sms}
                    max={CRISIS_LIMITS.number}
                    isSaving={isSaving}
                    description="Put a keyword to send (Text HOME to…) in the notes."
                    error={problems.get(`${where}.sms`)}
                    onChange={(sms) => updateResource(resource.key, { sms })}
                  />
                </div>
                <div className="field-row">
                  <ResourceTextField
                    label="Web address"
                    value={resource.web}
                    max={CRISIS_LIMITS.web}
                    isSaving={isSaving}
                    placeholder="https://"
                    error={problems.get(`${where}.web`)}
                    onChange={(web) => updateResource(resource.key, { web })}
                  />
                  <ResourceTextField
                    label="Hours"
                    value={resource.hours}
                    max={CRISIS_LIMITS.hours}
                    isSaving={isSaving}
                    placeholder="24/7"
                    error={problems.get(`${where}.hours`)}
                    onChange={(hours) => updateResource(resource.key, { hours })}
                  />
                </div>
                <ResourceTextField
                  label="Notes"
                  value={resource.notes}
                  max={CRISIS_LIMITS.notes}
                  isSaving={isSaving}
                  error={problems.get(`${where}.notes`)}
                  onChange={(notes) => updateResource(resource.key, { notes })}
                />
                <div className="button-row">
                  <Button
                    className="button button-small"
                    data-focus-id={`${resource.key}:up`}
                    aria-label={`Move ${label} up`}
                    isDisabled={index === 0 || isSaving}
                    onPress={() => moveResource(index, -1)}
                  >
                    Up
                  </Button>
                  <Button
                    className="button button-small"
                    data-focus-id={`${resource.key}:down`}
                    aria-label={`Move ${label} down`}
                    isDisabled={index === region.resources.length - 1 || isSaving}
                    onPress={() => moveResource(index, 1)}
                  >
                    Down
                  </Button>
                  <Button
                    className="button button-small button-danger"
                    aria-label={`Remove ${label}`}
                    isDisabled={isSaving}
                    onPress={() => removeResource(index)}
                  >
                    Remove
                  </Button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div className="button-row">
        <Button
          className="button"
          data-focus-id="add-resource"
          isDisabled={isSaving || isFull}
          onPress={addResource}
        >
          Add resource to {title}
        </Button>
        {isFull && (
          <span className="muted">A region can hold {CRISIS_LIMITS.resourcesPerRegion} resources.</span>
        )}
      </div>
    </section>
  );
}

interface ResourceTextFieldProps {
  label: string;
  value: string;
  max: number;
  isSaving: boolean;
  error: string | undefined;
  onChange: (value: string) => void;
  isRequired?: boolean;
  type?: 'text' | 'tel';
  description?: string;
  placeholder?: string;
  focusId?: string;
}

function ResourceTextField({
  label,
  value,
  max,
  isSaving,
  error,
  onChange,
  isRequired = false,
  type = 'text',
  description,
  placeholder,
  focusId,
}: ResourceTextFieldProps) {
  return (
    <div className="crisis-settings-field" data-focus-id={focusId}>
      <TextInputField
        label={label}
        value={value}
        onChange={onChange}
        type={type}
        isRequired={isRequired}
        maxLength={max}
        isReadOnly={isSaving}
        errorMessage={error ?? null}
        {...(description === undefined ? {} : { description })}
        {...(placeholder === undefined ? {} : { placeholder })}
      />
    </div>
  );
}
