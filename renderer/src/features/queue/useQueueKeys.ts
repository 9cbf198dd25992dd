import { useEffect, useEffectEvent } from 'react';

export interface QueueKeyActions {
  next: () => void;
  previous: () => void;
  claim: () => void;
  reply: () => void;
  close: () => void;
}

/** Where a typed letter belongs to the field, not to the queue. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('[role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"]') !== null)
    return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The queue's single-letter keys, active while the Queue section is shown: j/k next and
 * previous message, c claim, r reply, e close. They never fire while typing in a field
 * or with a modifier held, so they cannot eat a letter of a reply.
 */
export function useQueueKeys(actions: QueueKeyActions): void {
  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTypingTarget(event.target)) return;
    const byKey: Record<string, (() => void) | undefined> = {
      j: actions.next,
      k: actions.previous,
      c: actions.claim,
      r: actions.reply,
      e: actions.close,
    };
    const action = byKey[event.key];
    if (action === undefined) return;
    event.preventDefault();
    action();
  });
  useEffect(() => {
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
