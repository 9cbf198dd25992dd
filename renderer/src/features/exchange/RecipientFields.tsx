import type { TeamMember } from '../../../../shared/rpc/exchangeSchemas.std.ts';
import { CheckboxGroupField } from '../../ui/CheckboxGroupField.tsx';
import { PassphraseField } from '../../ui/PassphraseField.tsx';
import { RadioChoice } from '../../ui/RadioChoice.tsx';
import { ROLE_WORDS } from './exchangeText.ts';

export interface RecipientChoice {
  mode: 'members' | 'passphrase';
  memberIds: string[];
  passphrase: string;
}

export const BUNDLE_PASSPHRASE_MIN = 12;

/** What the core takes as `to`, or null while the choice is incomplete. */
export function exportTarget(
  choice: RecipientChoice,
): { memberIds: string[] } | { passphrase: string } | null {
  if (choice.mode === 'passphrase') {
    return choice.passphrase.length >= BUNDLE_PASSPHRASE_MIN ? { passphrase: choice.passphrase } : null;
  }
  return choice.memberIds.length > 0 ? { memberIds: choice.memberIds } : null;
}

/**
 * Who can open the bundle: verified colleagues (each by their own key), or anyone who
 * is told a passphrase. Members not verified in person are not offered.
 */
export function RecipientFields({
  members,
  value,
  onChange,
  allowPassphrase = true,
  memberLabel = 'Send to',
}: {
  members: readonly TeamMember[];
  value: RecipientChoice;
  onChange: (value: RecipientChoice) => void;
  allowPassphrase?: boolean;
  memberLabel?: string;
}) {
  const verified = members.filter((member) => member.verified);
  const unverified = members.length - verified.length;
  const tooShort =
    value.mode === 'passphrase' && value.passphrase !== '' && value.passphrase.length < BUNDLE_PASSPHRASE_MIN;
  return (
    <div className="form-stack">
      {allowPassphrase && (
        <RadioChoice
          label="Who can open it"
          isSegmented
          options={[
            { id: 'members', label: 'Team members' },
            { id: 'passphrase', label: 'A passphrase' },
          ]}
          value={value.mode}
          onChange={(mode) => onChange({ ...value, mode })}
        />
      )}
      {value.mode === 'members' ? (
        verified.length === 0 ? (
          <p className="muted" data-testid="no-verified-members">
            No verified team members yet. Add a colleague’s card under Team and compare fingerprints in person
            first.
          </p>
        ) : (
          <CheckboxGroupField
            label={memberLabel}
            options={verified.map((member) => ({
              id: member.id,
              label: `${member.displayName} (${ROLE_WORDS[member.role].toLowerCase()})`,
            }))}
            value={value.memberIds}
            onChange={(memberIds) => onChange({ ...value, memberIds })}
            description={
              unverified > 0
                ? `${unverified} member${unverified === 1 ? ' is' : 's are'} not verified yet and cannot be chosen.`
                : undefined
            }
          />
        )
      ) : (
        <PassphraseField
          label="Bundle passphrase"
          autoComplete="new-password"
          value={value.passphrase}
          onChange={(passphrase) => onChange({ ...value, passphrase })}
          description={`At least ${BUNDLE_PASSPHRASE_MIN} characters. Tell it to the recipient another way than the file: in person or by phone.`}
          errorMessage={tooShort ? `Use at least ${BUNDLE_PASSPHRASE_MIN} characters.` : null}
        />
      )}
    </div>
  );
}
