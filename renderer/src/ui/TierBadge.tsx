import type { Tier } from '../../../shared/triage/rulesSchema.std.ts';
import './widgets.css';

export const TIER_LABELS: Record<Tier, string> = {
  crisis: 'Crisis',
  urgent: 'Urgent',
  priority: 'Priority',
  routine: 'Routine',
  none: 'No action',
};

/** A triage tier as a tinted word; the word carries the meaning, the colour repeats it. */
export function TierBadge({ tier, testId }: { tier: Tier; testId?: string }) {
  return (
    <span className={`tier-badge tier-${tier}`} data-tier={tier} data-testid={testId}>
      {TIER_LABELS[tier]}
    </span>
  );
}
