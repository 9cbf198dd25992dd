import {
  Checkbox,
  Collection,
  GridList,
  GridListItem,
  GridListLoadMoreItem,
  ListLayout,
  Virtualizer,
} from 'react-aria-components';
import type { Selection } from 'react-aria-components';
import { CheckIcon } from '../../ui/icons.tsx';
import { TierBadge } from '../../ui/TierBadge.tsx';
import { CHANNEL_LABELS, STATUS_LABELS, senderText, waitingText } from './queueText.ts';
import type { QueueItem } from './queueText.ts';
import { MarkedText } from './MarkedText.tsx';

/** Fixed row height: the virtualiser places rows without measuring them, and j/k can scroll by index. */
export const QUEUE_ROW_HEIGHT = 84;

interface QueueListProps {
  items: readonly QueueItem[];
  openId: string | null;
  onOpen: (id: string) => void;
  selectedIds: Selection;
  onSelectionChange: (selection: Selection) => void;
  hasMore: boolean;
  isLoadingMore: boolean;
  onLoadMore: () => void;
  now: number;
}

/**
 * The queue as an accessible, virtualised grid list: only the rows in view exist in the
 * page, so 100k messages scroll as smoothly as 100. Enter or a click opens a message;
 * the checkboxes select several for bulk actions.
 */
export function QueueList({
  items,
  openId,
  onOpen,
  selectedIds,
  onSelectionChange,
  hasMore,
  isLoadingMore,
  onLoadMore,
  now,
}: QueueListProps) {
  return (
    <Virtualizer layout={ListLayout} layoutOptions={{ rowHeight: QUEUE_ROW_HEIGHT }}>
      <GridList
        aria-label="Messages, most urgent first"
        className="queue-list"
        data-testid="queue-list"
        selectionMode="multiple"
        selectionBehavior="toggle"
        disallowTypeAhead
        selectedKeys={selectedIds}
        onSelectionChange={onSelectionChange}
        onAction={(key) => onOpen(String(key))}
      >
        <Collection items={items} dependencies={[openId, now]}>
          {(item) => <QueueRow item={item} isOpen={item.id === openId} now={now} />}
        </Collection>
        {hasMore && (
          <GridListLoadMoreItem className="queue-loading" onLoadMore={onLoadMore} isLoading={isLoadingMore}>
            Loading more messages…
          </GridListLoadMoreItem>
        )}
      </GridList>
    </Virtualizer>
  );
}

function QueueRow({ item, isOpen, now }: { item: QueueItem; isOpen: boolean; now: number }) {
  const timing = waitingText(item, now);
  const sender = senderText(item);
  const textValue = `${item.tier} ${sender} ${item.preview}`;
  return (
    <GridListItem
      id={item.id}
      textValue={textValue}
      className="queue-row"
      data-open={isOpen || undefined}
      data-testid="queue-row"
      data-message-id={item.id}
    >
      <Checkbox
        slot="selection"
        className="checkbox queue-row-check"
        aria-label={`Select message from ${sender}`}
      >
        {({ isSelected }) => <span className="checkbox-box">{isSelected && <CheckIcon />}</span>}
      </Checkbox>
      <div className="queue-row-body">
        <div className="queue-row-top">
          <TierBadge tier={item.tier} testId="queue-row-tier" />
          <span className="queue-row-sender">{sender}</span>
          <span className="queue-row-channel">{CHANNEL_LABELS[item.channel]}</span>
          {item.status !== 'new' && (
            <span className="queue-row-status" data-status={item.status}>
              {STATUS_LABELS[item.status]}
              {item.status === 'claimed' && item.assignee !== null ? ` · ${item.assignee}` : ''}
            </span>
          )}
          <span className="queue-row-time" data-overdue={timing.overdue || undefined}>
            {/* The due time matters most while a message is open; otherwise how long it has waited. */}
            {timing.due === null ? timing.waiting : capitalise(timing.due)}
          </span>
        </div>
        <p className="queue-row-preview">
          {item.subject !== null && <span className="queue-row-subject">{item.subject} — </span>}
          <MarkedText text={item.preview} marks={item.previewMarks} />
        </p>
      </div>
    </GridListItem>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
