import { useEffect, useState } from 'react';
import { outpost } from '../client/outpostClient.dom.ts';
import { failureMessage } from '../client/failureMessage.ts';
import type { PassphraseAssessment } from '../../../shared/rpc/contract.std.ts';

/** Long enough to skip most keystrokes of fast typing, short enough to feel immediate. */
export const ASSESS_DEBOUNCE_MS = 150;

export type AssessmentState =
  | { status: 'empty' }
  /** The latest text is not assessed yet; `previous` keeps the meter steady meanwhile. */
  | { status: 'checking'; previous: PassphraseAssessment | null }
  | { status: 'assessed'; assessment: PassphraseAssessment }
  | { status: 'failed'; message: string };

interface Outcome {
  passphrase: string;
  assessment: PassphraseAssessment | null;
  failure: string | null;
}

/** Asks the core how guessable a passphrase is, once typing pauses. */
export function usePassphraseAssessment(passphrase: string): AssessmentState {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [lastAssessment, setLastAssessment] = useState<PassphraseAssessment | null>(null);

  useEffect(() => {
    if (passphrase === '') return;
    let isStale = false;
    const timer = setTimeout(() => {
      outpost.call('vault.assessPassphrase', { passphrase }).then(
        (assessment) => {
          if (isStale) return;
          setOutcome({ passphrase, assessment, failure: null });
          setLastAssessment(assessment);
        },
        (error: unknown) => {
          if (!isStale) setOutcome({ passphrase, assessment: null, failure: failureMessage(error) });
        },
      );
    }, ASSESS_DEBOUNCE_MS);
    return () => {
      isStale = true;
      clearTimeout(timer);
    };
  }, [passphrase]);

  if (passphrase === '') return { status: 'empty' };
  // An answer for older text must never make the current text look acceptable.
  if (outcome === null || outcome.passphrase !== passphrase)
    return { status: 'checking', previous: lastAssessment };
  if (outcome.assessment !== null) return { status: 'assessed', assessment: outcome.assessment };
  return { status: 'failed', message: outcome.failure ?? '' };
}
