import { useCallback } from 'react';
import { outpost } from '../../client/outpostClient.dom.ts';
import { useAutosave } from '../../ui/useAutosave.ts';
import type { AutosaveStatus } from '../../ui/useAutosave.ts';

export { AUTOSAVE_DELAY_MS } from '../../ui/useAutosave.ts';
export type { AutosaveStatus };

export interface DraftValues {
  content: Record<string, string>;
  durationMinutes: number | null;
}

export interface DraftAutosave {
  values: DraftValues;
  status: AutosaveStatus;
  setSection: (key: string, text: string) => void;
  setDuration: (minutes: number | null) => void;
  /** Saves whatever is newer than the vault's copy; resolves true once it is all saved. */
  saveNow: () => Promise<boolean>;
}

/** Autosave for a draft session note, section by section (see useAutosave for the guarantees). */
export function useDraftAutosave(
  noteId: string,
  initial: DraftValues,
  initialSavedAt: string,
): DraftAutosave {
  const save = useCallback(
    async (values: DraftValues) =>
      (
        await outpost.call('notes.saveDraft', {
          id: noteId,
          content: values.content,
          durationMinutes: values.durationMinutes,
        })
      ).savedAt,
    [noteId],
  );
  const { value, status, update, saveNow } = useAutosave(initial, save, initialSavedAt);
  const setSection = useCallback(
    (key: string, text: string) =>
      update((current) => ({ ...current, content: { ...current.content, [key]: text } })),
    [update],
  );
  const setDuration = useCallback(
    (durationMinutes: number | null) => update((current) => ({ ...current, durationMinutes })),
    [update],
  );
  return { values: value, status, setSection, setDuration, saveNow };
}
