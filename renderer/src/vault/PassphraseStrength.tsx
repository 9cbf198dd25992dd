import { Label, Meter } from 'react-aria-components';
import type { PassphraseAssessment } from '../../../shared/rpc/contract.std.ts';
import type { AssessmentState } from './usePassphraseAssessment.ts';

const SCORE_WORDS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;
const MAX_SCORE = SCORE_WORDS.length - 1;

function scoreWord(score: number): string {
  return SCORE_WORDS[score] ?? String(score);
}

/** Colour band for the meter: below the minimum is never shown as good. */
function strengthBand(assessment: PassphraseAssessment): 'weak' | 'fair' | 'strong' {
  if (assessment.acceptable) return 'strong';
  return assessment.score >= assessment.minimumScore - 1 ? 'fair' : 'weak';
}

/**
 * How guessable the new passphrase is, what to do about it and the rule it must meet.
 * Everything here comes from the core's assessment, so the rule shown is the rule enforced.
 */
export function PassphraseStrength({ state }: { state: AssessmentState }) {
  const assessment =
    state.status === 'assessed' ? state.assessment : state.status === 'checking' ? state.previous : null;
  const score = state.status === 'empty' || assessment === null ? 0 : assessment.score;
  const valueLabel =
    state.status === 'empty'
      ? 'Nothing entered yet'
      : assessment === null
        ? 'Checking…'
        : `${scoreWord(score)} (${score} of ${MAX_SCORE})`;

  return (
    <div className="strength">
      <Meter
        className={`meter meter-${assessment === null || state.status === 'empty' ? 'none' : strengthBand(assessment)}`}
        value={score}
        minValue={0}
        maxValue={MAX_SCORE}
        valueLabel={valueLabel}
      >
        {({ percentage, valueText }) => (
          <>
            <div className="meter-header">
              <Label className="field-label">Passphrase strength</Label>
              <span className="meter-value" data-testid="strength-value">
                {valueText}
              </span>
            </div>
            <div className="meter-track">
              <div className="meter-fill" style={{ width: `${percentage}%` }} />
            </div>
          </>
        )}
      </Meter>

      {/* Polite and debounced, so a screen reader hears the advice when typing pauses. */}
      <div className="strength-advice" aria-live="polite">
        {state.status === 'failed' && <p className="field-error">{state.message}</p>}
        {state.status !== 'empty' && assessment !== null && (
          <>
            {assessment.warning !== null && (
              <p className="strength-warning" data-testid="strength-warning">
                {assessment.warning}
              </p>
            )}
            {assessment.suggestions.length > 0 && (
              <ul className="strength-suggestions">
                {assessment.suggestions.map((suggestion) => (
                  <li key={suggestion}>{suggestion}</li>
                ))}
              </ul>
            )}
            {assessment.acceptable && (
              <p className="strength-ok">
                Good. Someone trying to guess it would need about {assessment.crackTime}.
              </p>
            )}
          </>
        )}
      </div>

      <p className="strength-rule">
        {assessment === null
          ? 'Use a long passphrase that only you would think of, such as four or more unrelated words.'
          : `It needs at least ${assessment.minimumLength} characters and a strength of at least ` +
            `“${scoreWord(assessment.minimumScore)}” (${assessment.minimumScore} of ${MAX_SCORE}). ` +
            'A few unrelated words work well.'}
      </p>
    </div>
  );
}
