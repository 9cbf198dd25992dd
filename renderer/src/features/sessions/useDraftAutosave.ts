import { useCallback, useEffect, useRef, useState } from 'react';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { registerBeforeLock } from '../../vault/beforeLock.ts';

/** Quiet time after the last keystroke before the draft is saved. */
export const AUTOSAVE_DELAY_MS = 800;

/** Bounds the catch-up loop while someone keeps typing during slow saves; their timer saves the rest. */
const MAX_CATCH_UP_SAVES = 5;

export interface DraftValues {
  content: Record<string, string>;
  durationMinutes: number | null;
}

export interface AutosaveStatus {
  /** Typed text that has not reached the vault yet. */
  hasUnsavedChanges: boolean;
  isSaving: boolean;
  /** When the vault last confirmed a save (ISO), or null before the first one. */
  savedAt: string | null;
  /** Why the last save failed; cleared by the next successful one. */
  failure: string | null;
}

export interface DraftAutosave {
  values: DraftValues;
  status: AutosaveStatus;
  setSection: (key: string, text: string) => void;
  setDuration: (minutes: number | null) => void;
  /** Saves whatever is newer than the vault's copy; resolves true once it is all saved. */
  saveNow: () => Promise<boolean>;
}

/**
 * Autosave for a draft note that never drops typing. Edits only ever update the latest
 * values; saves run one after another on a single chain, and each sends the latest values
 * at the moment it starts. A slow save therefore cannot overwrite newer text, and text
 * typed while it runs goes out with the next save.
 */
export function useDraftAutosave(
  noteId: string,
  initial: DraftValues,
  initialSavedAt: string,
): DraftAutosave {
  const [values, setValues] = useState<DraftValues>(initial);
  const [status, setStatus] = useState<AutosaveStatus>({
    hasUnsavedChanges: false,
    isSaving: false,
    savedAt: initialSavedAt,
    failure: null,
  });
  const latest = useRef(initial);
  // Counts edits; `savedVersion` is the edit count the vault has confirmed.
  const editVersion = useRef(0);
  const savedVersion = useRef(0);
  const chain = useRef<Promise<boolean>>(Promise.resolve(true));
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  /** One save of the latest values; true when the vault accepted it. */
  const saveOnce = useCallback(async (): Promise<boolean> => {
    const version = editVersion.current;
    const snapshot = latest.current;
    setStatus((current) => ({ ...current, isSaving: true }));
    try {
      const { savedAt } = await outpost.call('notes.saveDraft', {
        id: noteId,
        content: snapshot.content,
        durationMinutes: snapshot.durationMinutes,
      });
      savedVersion.current = Math.max(savedVersion.current, version);
      setStatus({
        hasUnsavedChanges: editVersion.current > savedVersion.current,
        isSaving: false,
        savedAt,
        failure: null,
      });
      return true;
    } catch (error) {
      setStatus((current) => ({
        ...current,
        isSaving: false,
        hasUnsavedChanges: true,
        failure: failureMessage(error),
      }));
      return false;
    }
  }, [noteId]);

  /** Saves until the vault holds the latest values (text typed during a save goes in the next one). */
  const saveUntilCaughtUp = useCallback(async (): Promise<boolean> => {
    for (let attempt = 0; attempt < MAX_CATCH_UP_SAVES; attempt++) {
      if (savedVersion.current >= editVersion.current) return true;
      if (!(await saveOnce())) return false;
    }
    return savedVersion.current >= editVersion.current;
  }, [saveOnce]);

  const saveNow = useCallback((): Promise<boolean> => {
    clearTimeout(timer.current);
    timer.current = undefined;
    // One chain: a step starts only after the step before it has finished, whatever its outcome.
    const step = chain.current.then(saveUntilCaughtUp, saveUntilCaughtUp);
    chain.current = step;
    return step;
  }, [saveUntilCaughtUp]);

  const edited = useCallback(
    (next: DraftValues) => {
      latest.current = next;
      editVersion.current++;
      setValues(next);
      setStatus((current) => ({ ...current, hasUnsavedChanges: true }));
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void saveNow(), AUTOSAVE_DELAY_MS);
    },
    [saveNow],
  );

  const setSection = useCallback(
    (key: string, text: string) =>
      edited({ ...latest.current, content: { ...latest.current.content, [key]: text } }),
    [edited],
  );
  const setDuration = useCallback(
    (durationMinutes: number | null) => edited({ ...latest.current, durationMinutes }),
    [edited],
  );

  // Locking from this window (button, shortcut, idle timer) first sends what is pending.
  useEffect(
    () =>
      registerBeforeLock(() =>
        editVersion.current > savedVersion.current ? saveNow() : Promise.resolve(true),
      ),
    [saveNow],
  );

  // Leaving the editor, reloading or closing the window: send what is pending.
  useEffect(() => {
    const flush = () => {
      if (editVersion.current > savedVersion.current) void saveNow();
    };
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [saveNow]);

  return { values, status, setSection, setDuration, saveNow };
}
