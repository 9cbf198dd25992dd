import { useEffect, useEffectEvent } from 'react';

/** Anything that shows a person is at the keyboard or the pointer. */
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'focusin'] as const;

/**
 * Calls onIdle once nobody has used the window for `minutes` (0 or null: never).
 * Plain setTimeout and Date.now, so tests can drive it with a fake clock; activity only
 * records a time stamp, and the timer re-checks when it fires instead of being reset on
 * every mouse move.
 */
export function useIdleLock(minutes: number | null, onIdle: () => void): void {
  const fireIdle = useEffectEvent(onIdle);

  useEffect(() => {
    if (minutes === null || minutes <= 0) return;
    const limitMs = minutes * 60_000;
    let lastActivityAt = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;

    function recordActivity(): void {
      lastActivityAt = Date.now();
    }
    function check(): void {
      const idleForMs = Date.now() - lastActivityAt;
      if (idleForMs >= limitMs) {
        timer = undefined;
        fireIdle();
      } else {
        timer = setTimeout(check, limitMs - idleForMs);
      }
    }

    timer = setTimeout(check, limitMs);
    for (const type of ACTIVITY_EVENTS) {
      window.addEventListener(type, recordActivity, { capture: true, passive: true });
    }
    return () => {
      clearTimeout(timer);
      for (const type of ACTIVITY_EVENTS) {
        window.removeEventListener(type, recordActivity, { capture: true });
      }
    };
  }, [minutes]);
}
