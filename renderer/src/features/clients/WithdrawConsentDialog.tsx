import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import type { ConsentRecord } from '../../../../shared/rpc/recordSchemas.std.ts';
import { ModalDialog } from '../../ui/ModalDialog.tsx';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { TextAreaField } from '../../ui/TextAreaField.tsx';
import { formatDay } from './dates.ts';
import { noteRecordsChanged } from './recordChanges.ts';
import { CONSENT_KIND_LABELS } from './recordText.ts';

export function WithdrawConsentDialog({
  record,
  onOpenChange,
}: {
  record: ConsentRecord | null;
  onOpenChange: (isOpen: boolean) => void;
}) {
  return (
    <ModalDialog title="Withdraw consent" isOpen={record !== null} onOpenChange={onOpenChange}>
      {record !== null && <WithdrawForm record={record} onDone={() => onOpenChange(false)} />}
    </ModalDialog>
  );
}

function WithdrawForm({ record, onDone }: { record: ConsentRecord; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const reasonError = reason.trim() === '' ? 'Give the reason, in a few words.' : null;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setShowErrors(true);
    if (reasonError !== null) return;
    setSaving(true);
    setFailure(null);
    try {
      await outpost.call('consent.withdraw', { id: record.id, reason: reason.trim() });
      noteRecordsChanged();
      onDone();
    } catch (error) {
      setFailure(failureMessage(error));
      setSaving(false);
    }
  }

  return (
    <Form validationBehavior="aria" className="form-stack" onSubmit={(event) => void submit(event)}>
      <p>
        {CONSENT_KIND_LABELS[record.kind]} consent, given {formatDay(record.givenAt)}, stops being in force
        now. The record stays, marked withdrawn, so you can show what was agreed and when it ended.
      </p>
      <TextAreaField
        label="Reason"
        value={reason}
        onChange={setReason}
        isRequired
        autoFocus
        maxLength={1000}
        description="For example: the client asked to stop email contact."
        errorMessage={showErrors ? reasonError : null}
      />
      {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
      <div className="button-row button-row-end">
        <Button className="button" onPress={onDone}>
          Cancel
        </Button>
        <Button type="submit" className="button button-danger" isPending={isSaving}>
          Withdraw consent
        </Button>
      </div>
    </Form>
  );
}
