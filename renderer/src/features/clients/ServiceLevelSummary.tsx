import type { ServiceLevelAdvice } from '../../../../shared/domain/readiness.std.ts';
import { serviceLevelName } from './recordText.ts';

const READINESS_WORDS: Record<ServiceLevelAdvice['readiness'], string> = {
  high: 'High readiness',
  moderate: 'Moderate readiness',
  low: 'Low readiness',
};

/**
 * The Cognitive Information Processing recommendation: readiness is capability x complexity,
 * and the lower it is, the more individual the service.
 */
export function ServiceLevelSummary({
  advice,
  isLive = false,
}: {
  advice: ServiceLevelAdvice | null;
  /** In a form: announced politely as the choices change. */
  isLive?: boolean;
}) {
  return (
    <div
      className="service-level"
      data-level={advice?.level ?? 'none'}
      data-testid="service-level"
      {...(isLive ? { 'aria-live': 'polite' as const } : {})}
    >
      {advice === null ? (
        <p className="muted">
          Set both capability and complexity to see the recommended service level (CIP readiness).
        </p>
      ) : (
        <>
          <p className="service-level-name">
            <span className="service-level-meter" aria-hidden="true">
              {advice.readiness === 'high' ? '●○○' : advice.readiness === 'moderate' ? '●●○' : '●●●'}
            </span>
            {serviceLevelName(advice.level)}
            <span className="muted"> · {READINESS_WORDS[advice.readiness]}</span>
          </p>
          <p className="service-level-explanation">{advice.explanation}</p>
        </>
      )}
    </div>
  );
}
