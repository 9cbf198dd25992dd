import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import type { TeamMember } from '../../../../shared/rpc/exchangeSchemas.std.ts';
import { Badge } from '../../ui/Badge.tsx';
import { formatDateTimeShort } from '../../ui/format.ts';
import { ModalDialog } from '../../ui/ModalDialog.tsx';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { TextAreaField } from '../../ui/TextAreaField.tsx';
import { TextInputField } from '../../ui/TextInputField.tsx';
import { exchangeFailure, ROLE_WORDS } from './exchangeText.ts';
import { Fingerprint } from './Fingerprint.tsx';

/** The team directory: colleagues' cards, verified in person before anything is sent to them. */
export function TeamSection({
  members,
  onChanged,
}: {
  members: readonly TeamMember[];
  onChanged: () => void;
}) {
  const [isAdding, setAdding] = useState(false);
  const [verifying, setVerifying] = useState<TeamMember | null>(null);
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  const [news, setNews] = useState<string | null>(null);

  return (
    <div className="exchange-sections">
      <section className="exchange-panel" aria-labelledby="team-heading">
        <div className="exchange-heading-row">
          <h2 id="team-heading">Team directory</h2>
          <Button className="button" onPress={() => setAdding(true)}>
            Add a colleague…
          </Button>
        </div>
        <p className="muted">
          Bundles go only to verified colleagues, and a bundle’s signature is trusted only when its sender is
          verified here. Verify each card by comparing fingerprints with the colleague in person.
        </p>
        {news !== null && <StatusNotice tone="success">{news}</StatusNotice>}
        {members.length === 0 ? (
          <p className="empty-state">
            No colleagues yet. Ask a colleague for their team card and add it here.
          </p>
        ) : (
          <ul className="member-list" aria-label="Team members">
            {members.map((member) => (
              <li key={member.id} className="member" data-testid="team-member">
                <div className="member-head">
                  <strong className="member-name">{member.displayName}</strong>
                  <Badge tone="neutral">{ROLE_WORDS[member.role]}</Badge>
                  {member.verified ? (
                    <Badge tone="success" testId="member-status">
                      Verified{member.verifiedAt === null ? '' : ` ${formatDateTimeShort(member.verifiedAt)}`}
                    </Badge>
                  ) : (
                    <Badge tone="warning" testId="member-status">
                      Not verified
                    </Badge>
                  )}
                </div>
                <dl className="member-keys">
                  <dt>Fingerprint</dt>
                  <dd>
                    <Fingerprint value={member.fingerprint} size="small" />
                  </dd>
                  <dt>Encryption key</dt>
                  <dd className="path">{member.ageRecipient}</dd>
                  <dt>Signing key</dt>
                  <dd className="path">{member.signingKey}</dd>
                </dl>
                <div className="button-row">
                  {!member.verified && (
                    <Button
                      className="button button-small button-primary"
                      onPress={() => setVerifying(member)}
                      aria-label={`Verify ${member.displayName}`}
                    >
                      Verify…
                    </Button>
                  )}
                  <Button
                    className="button button-small"
                    onPress={() => setRemoving(member)}
                    aria-label={`Remove ${member.displayName}`}
                  >
                    Remove…
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <AddMemberDialog
        isOpen={isAdding}
        onClose={() => setAdding(false)}
        onAdded={(member) => {
          setAdding(false);
          setNews(
            `${member.displayName} was added. Verify their fingerprint with them before sending anything.`,
          );
          onChanged();
        }}
      />
      {verifying !== null && (
        <VerifyMemberDialog
          member={verifying}
          onClose={() => setVerifying(null)}
          onVerified={(member) => {
            setVerifying(null);
            setNews(`${member.displayName} is verified.`);
            onChanged();
          }}
        />
      )}
      {removing !== null && (
        <RemoveMemberDialog
          member={removing}
          onClose={() => setRemoving(null)}
          onRemoved={() => {
            setNews(`${removing.displayName} was removed from your team directory.`);
            setRemoving(null);
            onChanged();
          }}
        />
      )}
    </div>
  );
}

function AddMemberDialog({
  isOpen,
  onClose,
  onAdded,
}: {
  isOpen: boolean;
  onClose: () => void;
  onAdded: (member: TeamMember) => void;
}) {
  const [cardText, setCardText] = useState('');
  const [isSaving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (cardText.trim() === '' || isSaving) return;
    setSaving(true);
    setFailure(null);
    try {
      const member = await outpost.call('exchange.addMember', { cardText });
      setCardText('');
      onAdded(member);
    } catch (error) {
      setFailure(exchangeFailure(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <ModalDialog
      title="Add a colleague"
      isOpen={isOpen}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      isDismissable={!isSaving}
      size="wide"
    >
      <Form validationBehavior="aria" className="form-stack" onSubmit={(event) => void submit(event)}>
        <TextAreaField
          label="Their team card"
          value={cardText}
          onChange={(text) => {
            setCardText(text);
            setFailure(null);
          }}
          rows={8}
          maxLength={4000}
          spellCheck={false}
          description="Paste the whole card, from “Outpost team card” to the fingerprint line."
        />
        {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
        <div className="button-row button-row-end">
          <Button className="button" onPress={onClose} isDisabled={isSaving}>
            Cancel
          </Button>
          <Button
            type="submit"
            className="button button-primary"
            isPending={isSaving}
            isDisabled={cardText.trim() === ''}
          >
            Add colleague
          </Button>
        </div>
      </Form>
    </ModalDialog>
  );
}

function VerifyMemberDialog({
  member,
  onClose,
  onVerified,
}: {
  member: TeamMember;
  onClose: () => void;
  onVerified: (member: TeamMember) => void;
}) {
  const [fingerprint, setFingerprint] = useState('');
  const [isSaving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (fingerprint.trim() === '' || isSaving) return;
    setSaving(true);
    setFailure(null);
    try {
      onVerified(await outpost.call('exchange.verifyMember', { id: member.id, fingerprint }));
    } catch (error) {
      setFailure(exchangeFailure(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <ModalDialog
      title={`Verify ${member.displayName}`}
      isOpen
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      isDismissable={!isSaving}
    >
      <ol className="verify-steps">
        <li>
          Meet {member.displayName} in person, or call them on video where you can see and hear them. A
          message or email is not enough: whoever sent the card could send a false fingerprint too.
        </li>
        <li>
          Ask them to open <strong>Team exchange → Your card</strong> and read their fingerprint aloud, group
          by group (or show you their screen).
        </li>
        <li>Type the ten groups as they read them. Outpost checks them against the card you added.</li>
      </ol>
      <Form validationBehavior="aria" className="form-stack" onSubmit={(event) => void submit(event)}>
        <TextInputField
          label="Fingerprint they read to you"
          value={fingerprint}
          onChange={(text) => {
            setFingerprint(text);
            setFailure(null);
          }}
          maxLength={100}
          autoFocus
          inputClassName="input input-mono"
          autoComplete="off"
          description="Ten groups of four letters and digits; spaces and capitals do not matter."
        />
        {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
        <div className="button-row button-row-end">
          <Button className="button" onPress={onClose} isDisabled={isSaving}>
            Not now
          </Button>
          <Button
            type="submit"
            className="button button-primary"
            isPending={isSaving}
            isDisabled={fingerprint.trim() === ''}
          >
            Check and verify
          </Button>
        </div>
      </Form>
    </ModalDialog>
  );
}

function RemoveMemberDialog({
  member,
  onClose,
  onRemoved,
}: {
  member: TeamMember;
  onClose: () => void;
  onRemoved: () => void;
}) {
  const [isSaving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function remove(): Promise<void> {
    setSaving(true);
    setFailure(null);
    try {
      await outpost.call('exchange.removeMember', { id: member.id });
      onRemoved();
    } catch (error) {
      setFailure(exchangeFailure(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <ModalDialog
      title={`Remove ${member.displayName}?`}
      role="alertdialog"
      isOpen
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      isDismissable={!isSaving}
    >
      <p>
        You will no longer be able to send them bundles, and bundles they sign will show as from someone
        outside your team. Summaries already received from them stay.
      </p>
      {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
      <div className="button-row button-row-end">
        <Button className="button" onPress={onClose} isDisabled={isSaving}>
          Keep
        </Button>
        <Button className="button button-danger" isPending={isSaving} onPress={() => void remove()}>
          Remove
        </Button>
      </div>
    </ModalDialog>
  );
}
