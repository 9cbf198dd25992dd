import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import './vault.css';

/** The frame of every screen shown before the vault is open: the app's name and one card. */
export function GateLayout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <div className="gate">
      <header className="gate-header">
        <p className="app-name">Outpost</p>
      </header>
      <main className="gate-main">
        <div className={wide ? 'gate-card gate-card-wide' : 'gate-card'}>{children}</div>
      </main>
    </div>
  );
}

/**
 * A screen's heading that takes focus when the screen appears, so keyboard and screen
 * reader users start at its top. Screens whose first field takes focus do not use it.
 */
export function FocusedHeading({ children }: { children: ReactNode }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  return (
    <h1 ref={headingRef} tabIndex={-1} className="gate-heading">
      {children}
    </h1>
  );
}
