import type { ReactNode } from 'react';
import './widgets.css';

export type BadgeTone = 'neutral' | 'success' | 'warning' | 'danger' | 'info';

/**
 * A short status word in a tinted pill. The word (and usually an icon) carries the
 * meaning; the colour only repeats it.
 */
export function Badge({
  tone = 'neutral',
  icon,
  children,
  testId,
}: {
  tone?: BadgeTone;
  icon?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <span className={`badge badge-${tone}`} data-testid={testId}>
      {icon}
      {children}
    </span>
  );
}
