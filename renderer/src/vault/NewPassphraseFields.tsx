import { useState } from 'react';
import { PassphraseField } from '../ui/PassphraseField.tsx';
import { PassphraseStrength } from './PassphraseStrength.tsx';
import { usePassphraseAssessment } from './usePassphraseAssessment.ts';
import type { AssessmentState } from './usePassphraseAssessment.ts';

export interface NewPassphrase {
  passphrase: string;
  setPassphrase: (value: string) => void;
  confirmation: string;
  setConfirmation: (value: string) => void;
  strength: AssessmentState;
  isAcceptable: boolean;
  matches: boolean;
  /** Strong enough by the core's rule and typed the same twice. */
  isReady: boolean;
  clear: () => void;
}

/** State for choosing a passphrase: the text, its confirmation and the core's assessment. */
export function useNewPassphrase(): NewPassphrase {
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const strength = usePassphraseAssessment(passphrase);
  const isAcceptable = strength.status === 'assessed' && strength.assessment.acceptable;
  const matches = passphrase !== '' && passphrase === confirmation;
  return {
    passphrase,
    setPassphrase,
    confirmation,
    setConfirmation,
    strength,
    isAcceptable,
    matches,
    isReady: isAcceptable && matches,
    clear() {
      setPassphrase('');
      setConfirmation('');
    },
  };
}

interface NewPassphraseFieldsProps {
  state: NewPassphrase;
  passphraseLabel?: string;
  autoFocus?: boolean;
  isReadOnly?: boolean;
}

/** New passphrase, its strength meter and the confirmation, in that order. */
export function NewPassphraseFields({
  state,
  passphraseLabel = 'New passphrase',
  autoFocus = false,
  isReadOnly = false,
}: NewPassphraseFieldsProps) {
  // Only complain about a mismatch once the confirmation is as long as the passphrase.
  const showMismatch =
    state.confirmation !== '' && !state.matches && state.confirmation.length >= state.passphrase.length;
  return (
    <>
      <PassphraseField
        label={passphraseLabel}
        value={state.passphrase}
        onChange={state.setPassphrase}
        autoComplete="new-password"
        autoFocus={autoFocus}
        isReadOnly={isReadOnly}
      />
      <PassphraseStrength state={state.strength} />
      <PassphraseField
        label="Type it again"
        revealLabel="Show the repeated passphrase"
        value={state.confirmation}
        onChange={state.setConfirmation}
        autoComplete="new-password"
        isReadOnly={isReadOnly}
        errorMessage={showMismatch ? 'The two passphrases are not the same.' : null}
        description={state.matches ? 'Both passphrases are the same.' : undefined}
      />
    </>
  );
}
