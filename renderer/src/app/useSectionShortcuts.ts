import { useEffect, useEffectEvent } from 'react';
import { SECTIONS } from './sections.ts';
import type { SectionId } from './sections.ts';
import { hasShortcutModifier } from './platform.ts';

/** Ctrl+1..Ctrl+7 (Cmd on macOS) jump to the section at that position in the navigation. */
export function useSectionShortcuts(onJump: (section: SectionId) => void): void {
  const jump = useEffectEvent(onJump);

  useEffect(() => {
    function handleKeyDown(event: KeyboardEvent): void {
      if (event.defaultPrevented || event.repeat || !hasShortcutModifier(event)) return;
      const section = SECTIONS[shortcutDigit(event) - 1];
      if (section === undefined) return;
      event.preventDefault();
      jump(section.id);
    }
    window.addEventListener('keydown', handleKeyDown);
    return () => {
      window.removeEventListener('keydown', handleKeyDown);
    };
  }, []);
}

/**
 * The digit pressed, or 0. The physical key (`code`) is checked as well as the character
 * because on layouts such as AZERTY the digit row types symbols unless Shift is held.
 */
function shortcutDigit(event: KeyboardEvent): number {
  const match = /^Digit(\d)$/.exec(event.code) ?? /^(\d)$/.exec(event.key);
  return match?.[1] === undefined ? 0 : Number(match[1]);
}
