import { formatTime } from '../features/clients/dates.ts';
import type { AutosaveStatus } from './useAutosave.ts';
import './widgets.css';

/** Where an autosaved draft stands: saving, saved at a time, or not saved (with the dot as a second cue). */
export function SaveStatusText({ status }: { status: AutosaveStatus }) {
  let text: string;
  if (status.isSaving) text = 'Saving…';
  else if (status.failure !== null) text = 'Not saved';
  else if (status.hasUnsavedChanges) text = 'Unsaved changes';
  else text = status.savedAt === null ? 'Not saved yet' : `Saved at ${formatTime(status.savedAt)}`;
  const state = status.isSaving
    ? 'saving'
    : status.failure !== null || status.hasUnsavedChanges
      ? 'unsaved'
      : 'saved';
  return (
    <p className="save-status" data-state={state} role="status" data-testid="save-status">
      <span className="save-dot" aria-hidden="true" />
      {text}
    </p>
  );
}
