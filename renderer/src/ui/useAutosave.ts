import { useCallback, useEffect, useRef, useState } from 'react';
import { failureMessage } from '../client/failureMessage.ts';
import { registerBeforeLock } from '../vault/beforeLock.ts';

/** Quiet time after the last keystroke before a draft is saved. */
export const AUTOSAVE_DELAY_MS = 800;

/** Bounds the catch-up loop while someone keeps typing during slow saves; their timer saves the rest. */
const MAX_CATCH_UP_SAVES = 5;

export interface AutosaveStatus {
  /** Typed text that has not reached the vault yet. */
  hasUnsavedChanges: boolean;
  isSaving: boolean;
  /** When the vault last confirmed a save (ISO), or null before the first one. */
  savedAt: string | null;
  /** Why the last save failed; cleared by the next successful one. */
  failure: string | null;
}

export interface Autosave<T> {
  value: T;
  status: AutosaveStatus;
  /** Records an edit; it is saved after AUTOSAVE_DELAY_MS of quiet. */
  update: (next: T | ((current: T) => T)) => void;
  /** Saves whatever is newer than the vault's copy; resolves true once it is all saved. */
  saveNow: () => Promise<boolean>;
}

/**
 * Autosave for a draft that never drops typing. Edits only ever update the latest value;
 * saves run one after another on a single chain, and each sends the latest value at the
 * moment it starts. A slow save therefore cannot overwrite newer text, and text typed
 * while it runs goes out with the next save. Pending text is also sent before the vault
 * locks, when the editor closes and when the window goes away.
 *
 * `save` stores a value and resolves with the time the vault confirmed it.
 */
export function useAutosave<T>(
  initial: T,
  save: (value: T) => Promise<string>,
  initialSavedAt: string | null,
): Autosave<T> {
  const [value, setValue] = useState<T>(initial);
  const [status, setStatus] = useState<AutosaveStatus>({
    hasUnsavedChanges: false,
    isSaving: false,
    savedAt: initialSavedAt,
    failure: null,
  });
  const latest = useRef(initial);
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  }, [save]);
  // Counts edits; `savedVersion` is the edit count the vault has confirmed.
  const editVersion = useRef(0);
  const savedVersion = useRef(0);
  const chain = useRef<Promise<boolean>>(Promise.resolve(true));
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  /** One save of the latest value; true when the vault accepted it. */
  const saveOnce = useCallback(async (): Promise<boolean> => {
    const version = editVersion.current;
    const snapshot = latest.current;
    setStatus((current) => ({ ...current, isSaving: true }));
    try {
      const savedAt = await saveRef.current(snapshot);
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
  }, []);

  /** Saves until the vault holds the latest value (text typed during a save goes in the next one). */
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

  const update = useCallback(
    (next: T | ((current: T) => T)) => {
      const resolved = typeof next === 'function' ? (next as (current: T) => T)(latest.current) : next;
      latest.current = resolved;
      editVersion.current++;
      setValue(resolved);
      setStatus((current) => ({ ...current, hasUnsavedChanges: true }));
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void saveNow(), AUTOSAVE_DELAY_MS);
    },
    [saveNow],
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

  return { value, status, update, saveNow };
}
