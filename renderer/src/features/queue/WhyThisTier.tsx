import { TierBadge, TIER_LABELS } from '../../ui/TierBadge.tsx';
import { formatDateTimeShort } from '../../ui/format.ts';
import { SERVICE_LEVEL_NAMES } from '../../../../shared/domain/readiness.std.ts';
import type { MessageDetail } from './queueText.ts';

type TriageEntry = MessageDetail['triage'][number];
type TriageResult = TriageEntry['result'];

const CATEGORY_LABELS: Record<TriageResult['categories'][number], string> = {
  self_harm: 'Self-harm or suicide',
  harm_to_others: 'Harm to others',
  abuse: 'Abuse',
  discrimination: 'Discrimination',
  distress: 'Distress',
  low_readiness: 'Low readiness for decisions',
  scam: 'Scam',
  service_request: 'Service request',
  information_request: 'Information request',
  admin: 'Administration',
  positive_update: 'Positive update',
  spam: 'Spam',
  acknowledgement: 'Acknowledgement',
};

/** The Columbia Suicide Severity Rating Scale levels, in the scale's own words. */
const CSSRS_LABELS: Record<NonNullable<TriageResult['cssrs_level']>, string> = {
  wish_to_be_dead: 'Wish to be dead',
  non_specific_thoughts: 'Non-specific active suicidal thoughts',
  method: 'Suicidal thoughts with a method',
  intent: 'Suicidal intent',
  plan: 'Suicidal intent with a plan',
  behaviour: 'Suicidal behaviour',
};

const SET_ASIDE_REASONS: Record<TriageResult['set_aside'][number]['reason'], string> = {
  negated: 'negated',
  past: 'about the past',
  context: 'a figure of speech, or about careers, study or media',
  joking: 'said as a joke',
  hypothetical: 'hypothetical',
};

export function signalText(signal: string, signals: Record<string, string>): string {
  return signals[signal] ?? signal.replaceAll('_', ' ');
}

/** Evidence spans can overlap (a phrase and a word inside it); list each text once per signal. */
function distinctEvidence(evidence: TriageResult['evidence']) {
  const seen = new Set<string>();
  return evidence.filter((item) => {
    const key = `${item.signal}\u0000${item.text.toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Why a message sits at its tier: the evidence the rules found (highlighted in the message
 * above), what they set aside and why, the combinations that escalated it, the service
 * level with its reasoning, any override, and earlier results from other rules versions.
 */
export function WhyThisTier({ message }: { message: MessageDetail }) {
  const latest = message.triage.at(-1);
  if (latest === undefined) return null;
  const result = latest.result;
  const earlier = message.triage.slice(0, -1);
  const evidence = distinctEvidence(result.evidence);

  return (
    <section className="why-tier" aria-labelledby="why-tier-heading" data-testid="why-this-tier">
      <h3 id="why-tier-heading">Why this tier</h3>

      {message.override !== null && (
        <p className="why-override" data-testid="tier-override">
          Set to <TierBadge tier={message.override.tier} /> by {message.override.by ?? 'a practitioner'} on{' '}
          {formatDateTimeShort(message.override.at)}: “{message.override.reason}”. The rules said{' '}
          {TIER_LABELS[result.tier].toLowerCase()}.
        </p>
      )}

      <dl className="why-facts">
        <div>
          <dt>Rules say</dt>
          <dd>
            <TierBadge tier={result.tier} /> <span className="muted">score {result.score}</span>
          </dd>
        </div>
        {result.categories.length > 0 && (
          <div>
            <dt>Categories</dt>
            <dd>{result.categories.map((category) => CATEGORY_LABELS[category]).join(', ')}</dd>
          </div>
        )}
        {result.cssrs_level !== null && (
          <div>
            <dt>Columbia scale</dt>
            <dd data-testid="cssrs-level">{CSSRS_LABELS[result.cssrs_level]}</dd>
          </div>
        )}
        <div>
          <dt>Service level</dt>
          <dd>
            <strong>{SERVICE_LEVEL_NAMES[result.service_level]}</strong> — {result.service_level_reason}
          </dd>
        </div>
      </dl>

      {evidence.length > 0 ? (
        <>
          <h4>Evidence</h4>
          <ul className="why-list" data-testid="evidence-list">
            {evidence.map((item, index) => (
              <li key={index}>
                <mark className="evidence-mark">{item.text}</mark> —{' '}
                {signalText(item.signal, message.signals)} <code className="rule-id">{item.rule}</code>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">No risk or priority evidence was found in this message.</p>
      )}

      {result.escalations.length > 0 && (
        <>
          <h4>Combinations that raised the tier</h4>
          <ul className="why-list">
            {result.escalations.map((escalation) => (
              <li key={escalation.rule}>
                {escalation.description} → {TIER_LABELS[escalation.tier].toLowerCase()}{' '}
                <code className="rule-id">{escalation.rule}</code>
              </li>
            ))}
          </ul>
        </>
      )}

      {result.risk_model?.raised === true && (
        <p>
          The learned risk model raised this message to urgent (probability{' '}
          {Math.round(result.risk_model.probability * 100)}%): its wording resembles risk messages the rules
          did not catch.
        </p>
      )}

      {result.set_aside.length > 0 && (
        <>
          <h4>Set aside</h4>
          <ul className="why-list" data-testid="set-aside-list">
            {result.set_aside.map((item, index) => (
              <li key={index}>
                <q>{item.text}</q> was not counted: {SET_ASIDE_REASONS[item.reason]}
                {item.because !== null && (
                  <>
                    {' '}
                    (<q>{item.because.text}</q>)
                  </>
                )}
                .
              </li>
            ))}
          </ul>
        </>
      )}

      {result.protective_factors.length > 0 && (
        <>
          <h4>Protective factors</h4>
          <ul className="why-list">
            {result.protective_factors.map((item, index) => (
              <li key={index}>
                <q>{item.text}</q> — {signalText(item.signal, message.signals)}
              </li>
            ))}
          </ul>
        </>
      )}

      <p className="muted why-version">
        Rules version {result.rules_version}, triaged {formatDateTimeShort(latest.triagedAt)}.
        {earlier.length > 0 && (
          <>
            {' '}
            Earlier:{' '}
            {earlier
              .map((entry) => `${TIER_LABELS[entry.result.tier].toLowerCase()} under ${entry.rulesVersion}`)
              .join('; ')}
            .
          </>
        )}
      </p>
    </section>
  );
}
