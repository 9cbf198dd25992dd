import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { TIERS } from '../../../../shared/triage/rulesSchema.std.ts';
import type { Tier } from '../../../../shared/triage/rulesSchema.std.ts';
import { ModalDialog } from '../../ui/ModalDialog.tsx';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { RadioChoice } from '../../ui/RadioChoice.tsx';
import { TextAreaField } from '../../ui/TextAreaField.tsx';
import { TIER_LABELS } from '../../ui/TierBadge.tsx';

/** Sets a message's tier by hand, with the reason; the core audits it and keeps it through re-triage. */
export function OverrideTierDialog({
  messageId,
  currentTier,
  isOpen,
  onOpenChange,
  onSaved,
}: {
  messageId: string;
  currentTier: Tier;
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  onSaved: () => void;
}) {
  return (
    <ModalDialog title="Change the tier" isOpen={isOpen} onOpenChange={onOpenChange}>
      <OverrideForm
        messageId={messageId}
        currentTier={currentTier}
        onDone={() => onOpenChange(false)}
        onSaved={onSaved}
      />
    </ModalDialog>
  );
}

function OverrideForm({
  messageId,
  currentTier,
  onDone,
  onSaved,
}: {
  messageId: string;
  currentTier: Tier;
  onDone: () => void;
  onSaved: () => void;
}) {
  const [tier, setTier] = useState<Tier>(currentTier);
  const [reason, setReason] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const reasonError =
    reason.trim().length < 3 ? 'Say why, in a few words: the reason is kept in the audit log.' : null;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setShowErrors(true);
    if (reasonError !== null) return;
    setSaving(true);
    setFailure(null);
    try {
      await outpost.call('messages.overrideTier', { id: messageId, tier, reason: reason.trim() });
      onSaved();
      onDone();
    } catch (error) {
      setFailure(failureMessage(error));
      setSaving(false);
    }
  }

  return (
    <Form validationBehavior="aria" className="form-stack" onSubmit={(event) => void submit(event)}>
      <p>
        Your tier decides where the message sits in the queue and when it is due, and stays when the rules are
        updated and messages are triaged again.
      </p>
      <RadioChoice
        label="Tier"
        options={TIERS.map((id) => ({ id, label: TIER_LABELS[id] }))}
        value={tier}
        onChange={setTier}
      />
      <TextAreaField
        label="Reason"
        value={reason}
        onChange={setReason}
        isRequired
        autoFocus
        maxLength={1000}
        description="For example: spoke to the client by phone, they are safe and have support tonight."
        errorMessage={showErrors ? reasonError : null}
      />
      {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
      <div className="button-row button-row-end">
        <Button className="button" onPress={onDone}>
          Cancel
        </Button>
        <Button type="submit" className="button button-primary" isPending={isSaving}>
          Change tier
        </Button>
      </div>
    </Form>
  );
}
