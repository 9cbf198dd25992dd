import type { ReactNode } from 'react';

type Tone = 'info' | 'success' | 'warning';

/** Something went wrong: announced at once by screen readers. */
export function ErrorNotice({ children, testId }: { children: ReactNode; testId?: string | undefined }) {
  return (
    <div role="alert" className="notice notice-error" data-testid={testId}>
      {children}
    </div>
  );
}

/** News that is not a failure (saved, cancelled, why the vault locked): announced politely. */
export function StatusNotice({
  children,
  tone = 'info',
  testId,
}: {
  children: ReactNode;
  tone?: Tone;
  testId?: string | undefined;
}) {
  return (
    <div role="status" className={`notice notice-${tone}`} data-testid={testId}>
      {children}
    </div>
  );
}
