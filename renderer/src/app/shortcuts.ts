import { useEffect, useEffectEvent } from 'react';
import { isMac } from './platform.ts';

/** A keyboard shortcut with the platform's primary modifier (Ctrl, or Cmd on macOS). */
export interface Shortcut {
  /** A letter ('N'), or a named key ('Enter'). */
  key: string;
  alt?: boolean;
}

/** The record screens' shortcuts, in one place so labels and handlers cannot drift apart. */
export const RECORD_SHORTCUTS = {
  newNote: { key: 'N', alt: true },
  saveNote: { key: 'S' },
  signNote: { key: 'Enter' },
  search: { key: 'K' },
} as const satisfies Record<string, Shortcut>;

/** As printed next to a control: "Ctrl+Alt+N", or "⌥⌘N" on macOS. */
export function shortcutLabel({ key, alt = false }: Shortcut): string {
  const name = key === 'Enter' && isMac ? '↩' : key;
  if (isMac) return `${alt ? '⌥' : ''}⌘${name}`;
  return `Ctrl+${alt ? 'Alt+' : ''}${name}`;
}

/** For aria-keyshortcuts, whose modifier names are fixed: "Control+Alt+N", "Meta+S". */
export function shortcutAria({ key, alt = false }: Shortcut): string {
  return `${isMac ? 'Meta' : 'Control'}+${alt ? 'Alt+' : ''}${key}`;
}

export function matchesShortcut(event: KeyboardEvent, { key, alt = false }: Shortcut): boolean {
  const primary = isMac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  if (!primary || event.altKey !== alt || event.shiftKey) return false;
  // On Windows and Linux, Ctrl+Alt is AltGr, which types letters such as the Polish "ń":
  // that is text, never a command.
  if (alt && !isMac && (event.getModifierState('AltGraph') || isNonLatinCharacter(event.key))) return false;
  if (key.length > 1) return event.key === key;
  // With Alt (Option on macOS) the typed character changes, so the physical key decides.
  const typed = event.key.toLowerCase();
  if (!alt && /^[a-z]$/.test(typed)) return typed === key.toLowerCase();
  return event.code === `Key${key.toUpperCase()}`;
}

function isNonLatinCharacter(key: string): boolean {
  return key.length === 1 && !/^[a-z]$/i.test(key);
}

/** Inside an open dialog, the page behind it does not react to its shortcuts. */
export function isInDialog(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('[role="dialog"], [role="alertdialog"]') !== null;
}

/** Runs `onPress` for the shortcut anywhere in the window (outside dialogs) while `isEnabled`. */
export function useShortcut(shortcut: Shortcut, onPress: () => void, isEnabled = true): void {
  const press = useEffectEvent(onPress);
  const { key, alt = false } = shortcut;

  useEffect(() => {
    if (!isEnabled) return;
    function handleKeyDown(event: KeyboardEvent): void {
      if (event.defaultPrevented || event.repeat || isInDialog(event.target)) return;
      if (!matchesShortcut(event, { key, alt })) return;
      event.preventDefault();
      press();
    }
    window.addEventListener('keydown', handleKeyDown);
    return () => {
      window.removeEventListener('keydown', handleKeyDown);
    };
  }, [key, alt, isEnabled]);
}

/** True while typing somewhere, where a bare key such as "/" is text, not a command. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(
      target.type,
    );
  }
  // React Aria's date segments are spin buttons that take typed digits.
  return target.getAttribute('role') === 'spinbutton';
}
