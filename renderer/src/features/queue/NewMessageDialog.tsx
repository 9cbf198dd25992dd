import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { MESSAGE_CHANNELS } from '../../../../shared/rpc/messageSchemas.std.ts';
import { ModalDialog } from '../../ui/ModalDialog.tsx';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { TextAreaField } from '../../ui/TextAreaField.tsx';
import { TextInputField } from '../../ui/TextInputField.tsx';
import { CHANNEL_LABELS } from './queueText.ts';
import type { MessageChannel } from './queueText.ts';

/** A message typed or pasted in (a phone call noted down, a post copied from a page). */
export function NewMessageDialog({
  isOpen,
  onOpenChange,
  onAdded,
}: {
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  onAdded: (id: string) => void;
}) {
  return (
    <ModalDialog title="Add a message" isOpen={isOpen} onOpenChange={onOpenChange}>
      <NewMessageForm onDone={() => onOpenChange(false)} onAdded={onAdded} />
    </ModalDialog>
  );
}

function NewMessageForm({ onDone, onAdded }: { onDone: () => void; onAdded: (id: string) => void }) {
  const [text, setText] = useState('');
  const [channel, setChannel] = useState<MessageChannel>('chat');
  const [from, setFrom] = useState('');
  const [fromName, setFromName] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const textError = text.trim() === '' ? 'Paste or type the message.' : null;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setShowErrors(true);
    if (textError !== null) return;
    setSaving(true);
    setFailure(null);
    try {
      const added = await outpost.call('messages.add', {
        text: text.trim(),
        channel,
        ...(from.trim() === '' ? {} : { from: from.trim() }),
        ...(fromName.trim() === '' ? {} : { fromName: fromName.trim() }),
      });
      onAdded(added.id);
      onDone();
    } catch (error) {
      setFailure(failureMessage(error));
      setSaving(false);
    }
  }

  return (
    <Form validationBehavior="aria" className="form-stack" onSubmit={(event) => void submit(event)}>
      <TextAreaField
        label="Message"
        value={text}
        onChange={setText}
        isRequired
        autoFocus
        rows={6}
        maxLength={200_000}
        errorMessage={showErrors ? textError : null}
        description="It is triaged as soon as you add it."
      />
      <SelectField
        label="Channel"
        value={channel}
        options={MESSAGE_CHANNELS.map((id) => ({ id, label: CHANNEL_LABELS[id] }))}
        onChange={(value) => setChannel(value as MessageChannel)}
      />
      <TextInputField
        label="Sender’s address, number or handle"
        value={from}
        onChange={setFrom}
        description="Links the message to the client with this address, or to a new pseudonymous client."
      />
      <TextInputField label="Sender’s name" value={fromName} onChange={setFromName} />
      {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
      <div className="button-row button-row-end">
        <Button className="button" onPress={onDone}>
          Cancel
        </Button>
        <Button type="submit" className="button button-primary" isPending={isSaving}>
          Add to the queue
        </Button>
      </div>
    </Form>
  );
}
