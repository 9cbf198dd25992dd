import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { CONSENT_KINDS } from '../../../../shared/domain/consent.std.ts';
import type { ConsentKind } from '../../../../shared/domain/consent.std.ts';
import type { ConsentTemplate } from '../../../../shared/rpc/recordSchemas.std.ts';
import { ModalDialog } from '../../ui/ModalDialog.tsx';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { TextAreaField } from '../../ui/TextAreaField.tsx';
import { TextInputField } from '../../ui/TextInputField.tsx';
import { formatDay } from './dates.ts';
import { noteRecordsChanged } from './recordChanges.ts';
import { CONSENT_KIND_LABELS } from './recordText.ts';
import { TemplateDiff } from './TemplateDiff.tsx';
import { useLoad } from './useLoad.ts';

const KIND_OPTIONS = CONSENT_KINDS.map((kind) => ({ id: kind, label: CONSENT_KIND_LABELS[kind] }));

/** The texts clients agree to, their versions, and what changed between them. */
export function ConsentTextsPanel() {
  const [loaded, reload] = useLoad(() => outpost.call('consent.templates', {}), 'consent-templates');
  const [kind, setKind] = useState<ConsentKind>('distance_counselling');
  const [isComparing, setComparing] = useState(false);
  const [isEditing, setEditing] = useState(false);

  const versions =
    loaded.status === 'ready'
      ? loaded.data.templates
          .filter((template) => template.kind === kind)
          .sort((a, b) => b.version - a.version)
      : [];
  const latest = versions[0];

  return (
    <section className="records-panel" aria-labelledby="consent-texts-heading">
      <h2 id="consent-texts-heading">Consent texts</h2>
      <p className="muted">
        What clients agree to. Editing a text makes a new version; consent already given keeps pointing at the
        version the client saw.
      </p>
      {loaded.status === 'loading' && <PendingBar label="Loading the consent texts…" />}
      {loaded.status === 'failed' && (
        <div className="records-error">
          <ErrorNotice>{loaded.message}</ErrorNotice>
          <Button className="button" onPress={reload}>
            Try again
          </Button>
        </div>
      )}
      {loaded.status === 'ready' && (
        <div className="consent-texts">
          <SelectField
            label="Text"
            options={KIND_OPTIONS}
            value={kind}
            onChange={(value) => setKind(value as ConsentKind)}
          />
          {latest !== undefined && (
            <p>
              <strong>{latest.title}</strong>
              <br />
              <span className="muted">
                Version {latest.version}, in use since {formatDay(latest.createdAt)}
                {versions.length > 1 && ` · ${versions.length} versions`}
              </span>
            </p>
          )}
          <div className="button-row">
            <Button className="button button-small" onPress={() => setComparing(true)}>
              Compare versions
            </Button>
            <Button
              className="button button-small"
              onPress={() => setEditing(true)}
              isDisabled={latest === undefined}
            >
              Edit text (new version)…
            </Button>
          </div>
        </div>
      )}
      <ModalDialog
        title={`Compare versions: ${CONSENT_KIND_LABELS[kind]}`}
        isOpen={isComparing}
        onOpenChange={setComparing}
        size="wide"
      >
        <CompareVersions versions={versions} onClose={() => setComparing(false)} />
      </ModalDialog>
      <ModalDialog
        title={`Edit text: ${CONSENT_KIND_LABELS[kind]}`}
        isOpen={isEditing}
        onOpenChange={setEditing}
        size="wide"
      >
        {latest !== undefined && <EditTemplateForm template={latest} onDone={() => setEditing(false)} />}
      </ModalDialog>
    </section>
  );
}

function versionLabel(template: ConsentTemplate): string {
  return `Version ${template.version} (${formatDay(template.createdAt)})`;
}

function CompareVersions({
  versions,
  onClose,
}: {
  versions: readonly ConsentTemplate[];
  onClose: () => void;
}) {
  const [fromId, setFromId] = useState(versions[1]?.id ?? versions[0]?.id ?? '');
  const [toId, setToId] = useState(versions[0]?.id ?? '');
  const options = versions.map((template) => ({ id: template.id, label: versionLabel(template) }));
  const [diff, reload] = useLoad(
    () =>
      fromId === '' || toId === ''
        ? Promise.resolve({ changes: [] })
        : outpost.call('consent.compareTemplates', { fromId, toId }),
    `${fromId}:${toId}`,
  );

  return (
    <div className="form-stack">
      {versions.length < 2 && (
        <p className="muted">
          There is only one version of this text so far. Use <strong>Edit text</strong> to make a new one; you
          can then see here exactly what changed.
        </p>
      )}
      <div className="form-row">
        <SelectField label="From" options={options} value={fromId} onChange={setFromId} />
        <SelectField label="To" options={options} value={toId} onChange={setToId} />
      </div>
      {diff.status === 'loading' && <PendingBar label="Comparing…" />}
      {diff.status === 'failed' && (
        <div className="records-error">
          <ErrorNotice>{diff.message}</ErrorNotice>
          <Button className="button" onPress={reload}>
            Try again
          </Button>
        </div>
      )}
      {diff.status === 'ready' && <TemplateDiff changes={diff.data.changes} />}
      <div className="button-row button-row-end">
        <Button className="button" onPress={onClose}>
          Close
        </Button>
      </div>
    </div>
  );
}

function EditTemplateForm({ template, onDone }: { template: ConsentTemplate; onDone: () => void }) {
  const [title, setTitle] = useState(template.title);
  const [body, setBody] = useState(template.body);
  const [showErrors, setShowErrors] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const errors = {
    title: title.trim() === '' ? 'Give the text a title.' : null,
    body: body.trim() === '' ? 'The text cannot be empty.' : null,
  };
  const unchanged = title.trim() === template.title && body === template.body;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setShowErrors(true);
    if (errors.title !== null || errors.body !== null || unchanged) return;
    setSaving(true);
    setFailure(null);
    try {
      await outpost.call('consent.saveTemplate', {
        kind: template.kind,
        title: title.trim(),
        body,
        checklist: template.checklist,
      });
      noteRecordsChanged();
      onDone();
    } catch (error) {
      setFailure(failureMessage(error));
      setSaving(false);
    }
  }

  return (
    <Form validationBehavior="aria" className="form-stack" onSubmit={(event) => void submit(event)}>
      <p className="muted">
        Saving makes version {template.version + 1}. Clients who agreed to version {template.version} keep
        that agreement; new consent will be given under the new text.
      </p>
      <TextInputField
        label="Title"
        value={title}
        onChange={setTitle}
        isRequired
        maxLength={200}
        errorMessage={showErrors ? errors.title : null}
      />
      <TextAreaField
        label="Text"
        value={body}
        onChange={setBody}
        isRequired
        rows={10}
        maxLength={50_000}
        errorMessage={showErrors ? errors.body : null}
      />
      {showErrors && unchanged && (
        <p className="field-error">Nothing has changed yet, so there is no new version to save.</p>
      )}
      {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
      <div className="button-row button-row-end">
        <Button className="button" onPress={onDone}>
          Cancel
        </Button>
        <Button type="submit" className="button button-primary" isPending={isSaving}>
          Save as version {template.version + 1}
        </Button>
      </div>
    </Form>
  );
}
