import { useEffect, useEffectEvent } from 'react';
import { hasShortcutModifier } from '../app/platform.ts';

/** Ctrl+L (Cmd+L on macOS) locks the vault from anywhere in the app. */
export function useLockShortcut(onLock: () => void): void {
  const lock = useEffectEvent(onLock);

  useEffect(() => {
    function handleKeyDown(event: KeyboardEvent): void {
      if (event.defaultPrevented || event.repeat || event.shiftKey || !hasShortcutModifier(event)) return;
      if (!isLetterL(event)) return;
      event.preventDefault();
      lock();
    }
    window.addEventListener('keydown', handleKeyDown);
    return () => {
      window.removeEventListener('keydown', handleKeyDown);
    };
  }, []);
}

/** The typed letter on Latin layouts; the physical key where the layout types no Latin letters. */
function isLetterL(event: KeyboardEvent): boolean {
  const key = event.key.toLowerCase();
  return /^[a-z]$/.test(key) ? key === 'l' : event.code === 'KeyL';
}
