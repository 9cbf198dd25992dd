import { useState } from 'react';
import { Button } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { Badge } from '../../ui/Badge.tsx';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { PlusIcon } from '../../ui/recordIcons.tsx';
import { useLoad } from '../clients/useLoad.ts';
import { NewTemplateDialog } from './NewTemplateDialog.tsx';

/** The shapes a note can take: the built-in ones and the counsellor's own. */
export function NoteTemplatesPanel() {
  const [loaded, reload] = useLoad(() => outpost.call('notes.templates', {}), 'note-templates');
  const [isCreating, setCreating] = useState(false);
  const [savedName, setSavedName] = useState<string | null>(null);

  return (
    <section className="records-panel" aria-labelledby="note-templates-heading" data-testid="note-templates">
      <div className="records-panel-heading">
        <h2 id="note-templates-heading">Note templates</h2>
        <Button
          className="button button-small"
          onPress={() => {
            setSavedName(null);
            setCreating(true);
          }}
        >
          <PlusIcon />
          New template…
        </Button>
      </div>
      <p className="muted">
        The sections a new note starts with. Built-in templates cannot be changed; your own appear next to
        them in the Template choice when you start a note.
      </p>
      {savedName !== null && (
        <StatusNotice tone="success">
          Template &ldquo;{savedName}&rdquo; saved. Choose it when you start a note.
        </StatusNotice>
      )}
      {loaded.status === 'loading' && <PendingBar label="Loading note templates…" />}
      {loaded.status === 'failed' && (
        <div className="records-error">
          <ErrorNotice>{loaded.message}</ErrorNotice>
          <Button className="button" onPress={reload}>
            Try again
          </Button>
        </div>
      )}
      {loaded.status === 'ready' && (
        <ul className="template-list" aria-label="Note templates">
          {loaded.data.templates.map((template) => (
            <li key={template.key} data-testid="note-template">
              <div className="template-list-heading">
                <span className="template-name">{template.name}</span>
                {template.builtin && <Badge tone="neutral">Built in</Badge>}
              </div>
              <span className="template-sections-summary">
                {template.sections.map((section) => section.label).join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      )}
      <NewTemplateDialog isOpen={isCreating} onOpenChange={setCreating} onSaved={setSavedName} />
    </section>
  );
}
