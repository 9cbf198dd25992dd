import { useState } from 'react';
import { Button, Checkbox, CheckboxGroup, Label } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { useLoad } from '../clients/useLoad.ts';
import { CheckIcon } from '../../ui/icons.tsx';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { fileNameOf, formatDateTimeShort } from '../../ui/format.ts';
import { CHANNEL_LABELS } from './queueText.ts';

/**
 * Replies ready to go. Outpost never sends anything itself: the practitioner exports them
 * as .eml files (or copies the text) and sends them when there is a connection, then marks
 * them sent here.
 */
export function OutboxPanel({ onChanged }: { onChanged: () => void }) {
  const [attempt, setAttempt] = useState(0);
  const [loaded] = useLoad(() => outpost.call('replies.outbox', {}), `outbox:${attempt}`);
  const [selected, setSelected] = useState<string[]>([]);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string; files?: string[] } | null>(
    null,
  );
  const [isWorking, setWorking] = useState(false);

  if (loaded.status === 'loading') return <PendingBar label="Loading the outbox…" />;
  if (loaded.status === 'failed') return <ErrorNotice>{loaded.message}</ErrorNotice>;
  const items = loaded.data.items;
  const ids = selected.filter((id) => items.some((item) => item.reply.id === id));

  async function act(step: () => Promise<void>): Promise<void> {
    setWorking(true);
    setNotice(null);
    try {
      await step();
    } catch (error) {
      setNotice({ tone: 'error', text: failureMessage(error) });
    } finally {
      setWorking(false);
    }
  }

  const exportEml = () =>
    act(async () => {
      const { path } = await outpost.call('os.chooseFolder', { purpose: 'reply-export' });
      if (path === null) return;
      const { files } = await outpost.call('replies.exportEml', { ids, folder: path });
      setNotice({
        tone: 'success',
        text: `${files.length} ${files.length === 1 ? 'reply' : 'replies'} saved as email files in ${fileNameOf(path)}. Send them from your email program, then mark them sent.`,
        files: files.map((file) => file.file),
      });
      setAttempt((count) => count + 1);
    });

  const markSent = () =>
    act(async () => {
      const { replies } = await outpost.call('replies.markSent', { ids });
      setNotice({ tone: 'success', text: `${replies.length} marked sent.` });
      setSelected([]);
      setAttempt((count) => count + 1);
      onChanged();
    });

  return (
    <section className="outbox" aria-labelledby="outbox-heading" data-testid="outbox">
      <h2 id="outbox-heading">Outbox</h2>
      <p className="page-intro">
        Outpost works without a connection and never sends anything itself. Export replies as email files or
        copy them, send them when you are online, then mark them sent.
      </p>
      {items.length === 0 ? (
        <p className="empty-state" data-testid="outbox-empty">
          No replies are waiting to be sent.
        </p>
      ) : (
        <>
          <CheckboxGroup
            className="outbox-list"
            value={ids}
            onChange={setSelected}
            aria-label="Replies to send"
          >
            <Label className="visually-hidden">Replies to send</Label>
            {items.map((item) => (
              <div key={item.reply.id} className="outbox-item" data-testid="outbox-item">
                <Checkbox value={item.reply.id} className="checkbox">
                  {({ isSelected }) => (
                    <>
                      <span className="checkbox-box">{isSelected && <CheckIcon />}</span>
                      <span>
                        <strong>
                          {item.recipientName ?? item.clientName ?? item.recipient ?? 'Unknown'}
                        </strong>{' '}
                        <span className="muted">
                          {CHANNEL_LABELS[item.channel]}
                          {item.recipient !== null ? ` · ${item.recipient}` : ''}
                        </span>
                      </span>
                    </>
                  )}
                </Checkbox>
                <p className="outbox-subject">{item.subject}</p>
                <p className="outbox-body">{item.reply.body}</p>
                <p className="muted">
                  Ready {item.reply.readyAt === null ? '' : formatDateTimeShort(item.reply.readyAt)}
                  {item.reply.exportedAt !== null &&
                    ` · exported ${formatDateTimeShort(item.reply.exportedAt)}`}
                  {!item.emailable && ' · not an email: copy the text into the client’s channel'}
                </p>
                <div className="button-row">
                  <Button
                    className="button button-small"
                    onPress={() => void navigator.clipboard.writeText(item.reply.body)}
                  >
                    Copy text
                  </Button>
                  <Button
                    className="button button-small"
                    onPress={() =>
                      void act(async () => {
                        await outpost.call('replies.returnToDraft', { id: item.reply.id });
                        setAttempt((count) => count + 1);
                        onChanged();
                      })
                    }
                  >
                    Back to draft
                  </Button>
                </div>
              </div>
            ))}
          </CheckboxGroup>
          <div className="button-row">
            <Button
              className="button"
              onPress={() =>
                setSelected(ids.length === items.length ? [] : items.map((item) => item.reply.id))
              }
            >
              {ids.length === items.length ? 'Select none' : 'Select all'}
            </Button>
            <Button
              className="button button-primary"
              isDisabled={ids.length === 0 || isWorking}
              onPress={() => void exportEml()}
            >
              Export as email files…
            </Button>
            <Button
              className="button"
              isDisabled={ids.length === 0 || isWorking}
              onPress={() => void markSent()}
            >
              Mark sent
            </Button>
          </div>
        </>
      )}
      {notice !== null &&
        (notice.tone === 'error' ? (
          <ErrorNotice>{notice.text}</ErrorNotice>
        ) : (
          <StatusNotice tone="success" testId="outbox-notice">
            <p>{notice.text}</p>
            {notice.files !== undefined && (
              <ul className="outbox-files">
                {notice.files.map((file) => (
                  <li key={file} className="path">
                    {file}
                  </li>
                ))}
              </ul>
            )}
          </StatusNotice>
        ))}
    </section>
  );
}
