import { useCallback, useEffect, useRef, useState } from 'react';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import type { MethodInput, MethodOutput } from '../../../../shared/rpc/contract.std.ts';
import type { QueueItem } from './queueText.ts';

type QueueFilter = NonNullable<MethodInput<'messages.queue'>['filter']>;
type Cursor = MethodOutput<'messages.queue'>['next'];
type Counts = MethodOutput<'messages.queueCounts'>;

export const PAGE_SIZE = 100;

export interface QueuePages {
  items: QueueItem[];
  counts: Counts | null;
  status: 'loading' | 'ready' | 'failed';
  error: string | null;
  hasMore: boolean;
  isLoadingMore: boolean;
  loadMore: () => void;
  /** Reloads from the top, keeping what is on screen until the new first page arrives. */
  refresh: () => void;
}

/**
 * The queue in pages of PAGE_SIZE, in the core's order. Scrolling asks for the next
 * page by keyset cursor, so the cost of a page does not grow with the queue; a refresh
 * (new arrivals, a status change) reloads as many rows as were loaded before (up to
 * 500). `filter` must keep its identity while it means the same thing (memoise it).
 */
export function useQueuePages(filter: QueueFilter): QueuePages {
  const [items, setItems] = useState<QueueItem[]>([]);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [next, setNext] = useState<Cursor>(null);
  const [status, setStatus] = useState<QueuePages['status']>('loading');
  const [error, setError] = useState<string | null>(null);
  const [isLoadingMore, setLoadingMore] = useState(false);
  const [generation, setGeneration] = useState(0);
  const loadedCount = useRef(PAGE_SIZE);
  const lastFilter = useRef(filter);

  useEffect(() => {
    let isStale = false;
    if (lastFilter.current !== filter) {
      lastFilter.current = filter;
      loadedCount.current = PAGE_SIZE;
    }
    const limit = Math.min(500, Math.max(PAGE_SIZE, loadedCount.current));
    // The rows first, on their own: the counts never hold up the first page.
    outpost.call('messages.queue', { filter, limit }).then(
      (page) => {
        if (isStale) return;
        setItems(page.items);
        setNext(page.next);
        setStatus('ready');
        setError(null);
      },
      (failure: unknown) => {
        if (isStale) return;
        setStatus('failed');
        setError(failureMessage(failure));
      },
    );
    outpost.call('messages.queueCounts', { filter }).then(
      (newCounts) => {
        if (!isStale) setCounts(newCounts);
      },
      () => undefined,
    );
    return () => {
      isStale = true;
    };
  }, [filter, generation]);

  const loadingMore = useRef(false);
  const loadMore = useCallback(() => {
    if (next === null || loadingMore.current) return;
    loadingMore.current = true;
    setLoadingMore(true);
    outpost
      .call('messages.queue', { filter: filter, limit: PAGE_SIZE, after: next })
      .then(
        (page) => {
          setItems((current) => {
            const seen = new Set(current.map((item) => item.id));
            const merged = [...current, ...page.items.filter((item) => !seen.has(item.id))];
            loadedCount.current = merged.length;
            return merged;
          });
          setNext(page.next);
        },
        (failure: unknown) => setError(failureMessage(failure)),
      )
      .finally(() => {
        loadingMore.current = false;
        setLoadingMore(false);
      });
  }, [next, filter]);

  const refresh = useCallback(() => setGeneration((count) => count + 1), []);

  return { items, counts, status, error, hasMore: next !== null, isLoadingMore, loadMore, refresh };
}
