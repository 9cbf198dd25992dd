import { useEffect, useId, useRef, useState } from 'react';
import type { FocusEvent } from 'react';
import { Button } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { requestOpenMessage } from '../../app/navigation.ts';
import { CHANNEL_LABELS } from '../queue/queueText.ts';
import type { MessageChannel } from '../queue/queueText.ts';
import { TierBadge } from '../../ui/TierBadge.tsx';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { formatDateTimeShort } from '../../ui/format.ts';
import { selectedCrisisRegion } from '../../../../shared/domain/crisisResources.std.ts';
import type { CrisisRegion } from '../../../../shared/domain/crisisResources.std.ts';
import type { Tier } from '../../../../shared/triage/rulesSchema.std.ts';
import { CrisisResourceList } from './CrisisResourceList.tsx';
import { acknowledgeCrisisAlert, addCrisisArrivals, useCrisisAlertState } from './crisisAlertStore.ts';
import './crisis.css';

/** More than this many unacknowledged crisis messages are listed as a count; the queue has them all. */
const LISTED_MESSAGES = 10;

/**
 * The in-app crisis alert. It is a banner, not a modal dialog, on purpose: a modal would
 * take the keyboard from a practitioner half-way through a reply, and their next Enter or
 * Space could press a button in it. So the banner never moves focus while something is
 * focused; it is announced at once (role="alert"), is the first stop after "Skip to
 * content", stays usable while a dialog is open (it is a top layer, like a toast), and only
 * "I've seen this" clears it, after which focus goes back to where the person came from.
 *
 * It shows no client text: only tier, channel and time of each message, and the crisis
 * resources of the region chosen in Settings, read afresh at every arrival.
 */
export function CrisisAlert() {
  useEffect(() => outpost.on('messages.arrived', ({ crisis }) => addCrisisArrivals(crisis)), []);
  // Mounted at every unlock: crisis messages imported from the command line while the app
  // was closed raise the alert now. If this fails, the queue still lists them first.
  useEffect(() => {
    outpost.call('messages.takeUnseenArrivals', {}).then(
      ({ crisis }) => addCrisisArrivals(crisis),
      () => undefined,
    );
  }, []);
  const { messageIds, arrivals } = useCrisisAlertState();
  if (messageIds.length === 0) return null;
  return <CrisisAlertBanner messageIds={messageIds} arrivals={arrivals} />;
}

function CrisisAlertBanner({ messageIds, arrivals }: { messageIds: readonly string[]; arrivals: number }) {
  const headingId = useId();
  const resourcesId = useId();
  const bannerRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  /** Where focus was before the person moved into the alert, to go back there after acknowledging. */
  const cameFrom = useRef<HTMLElement | null>(null);
  const [showResources, setShowResources] = useState(true);
  const resources = useCrisisRegion(arrivals);
  const summaries = useMessageSummaries(messageIds.slice(0, LISTED_MESSAGES));
  const count = messageIds.length;

  // Nobody is typing anywhere (focus is on the page itself): bring the keyboard to the alert.
  useEffect(() => {
    const active = document.activeElement;
    if (active === null || active === document.body || active.classList.contains('app-frame'))
      headingRef.current?.focus();
  }, []);

  function noteWhereFocusCameFrom(event: FocusEvent<HTMLElement>): void {
    const from = event.relatedTarget;
    if (from instanceof HTMLElement && !event.currentTarget.contains(from)) cameFrom.current = from;
  }

  function acknowledge(): void {
    const hadFocus = bannerRef.current?.contains(document.activeElement) === true;
    const back = cameFrom.current;
    acknowledgeCrisisAlert();
    if (!hadFocus) return;
    if (back?.isConnected === true) back.focus();
    else document.getElementById('main-content')?.focus();
  }

  return (
    <section
      ref={bannerRef}
      className="crisis-alert"
      aria-labelledby={headingId}
      data-testid="crisis-alert"
      // Like a toast: reachable and announced while a modal dialog is open, and pressing it
      // does not dismiss that dialog (so nothing typed there is lost).
      data-react-aria-top-layer="true"
      onFocus={noteWhereFocusCameFrom}
    >
      <div className="crisis-alert-main">
        <div role="alert" className="crisis-alert-title">
          <h2 id={headingId} ref={headingRef} tabIndex={-1}>
            {count === 1 ? 'A crisis message arrived' : `${count} crisis messages arrived`}
          </h2>
          {/* Kept to the count: everything in here is read out again whenever it changes. */}
          <p>Read {count === 1 ? 'it' : 'them'} now: triage flagged imminent risk.</p>
        </div>
        <div className="button-row">
          <Button className="button button-primary" onPress={acknowledge}>
            I&rsquo;ve seen this
          </Button>
          <Button
            className="button"
            aria-expanded={showResources}
            aria-controls={resourcesId}
            onPress={() => setShowResources((shown) => !shown)}
          >
            {showResources ? 'Hide resources' : 'Show resources'}
          </Button>
        </div>
        <ul className="crisis-messages" aria-label="Crisis messages">
          {messageIds.slice(0, LISTED_MESSAGES).map((id, index) => (
            <CrisisMessageRow key={id} id={id} position={index + 1} summary={summaries.get(id)} />
          ))}
        </ul>
        {count > LISTED_MESSAGES && (
          <p className="crisis-more">
            And {count - LISTED_MESSAGES} more: the queue lists every crisis message first.
          </p>
        )}
      </div>

      <div id={resourcesId} className="crisis-alert-resources" hidden={!showResources}>
        {resources.status === 'loading' && <p className="muted">Loading your crisis resources…</p>}
        {resources.status === 'failed' && (
          <ErrorNotice>Your crisis resources could not be read: {resources.message}</ErrorNotice>
        )}
        {resources.status === 'ready' && (
          <>
            <h3 className="crisis-region-name">Crisis resources: {resources.region.name}</h3>
            <CrisisResourceList region={resources.region} />
          </>
        )}
      </div>
    </section>
  );
}

type Summary =
  { status: 'ready'; tier: Tier; channel: MessageChannel; receivedAt: string } | { status: 'failed' };

function CrisisMessageRow({
  id,
  position,
  summary,
}: {
  id: string;
  position: number;
  summary: Summary | undefined;
}) {
  const label = `message ${position}`;
  return (
    <li className="crisis-message" data-testid="crisis-message">
      {summary === undefined && <span className="muted">Loading…</span>}
      {summary?.status === 'failed' && <span className="muted">Details unavailable</span>}
      {summary?.status === 'ready' && (
        <>
          <TierBadge tier={summary.tier} />
          <span>{CHANNEL_LABELS[summary.channel]}</span>
          <span className="muted">
            received <time dateTime={summary.receivedAt}>{receivedText(summary.receivedAt)}</time>
          </span>
        </>
      )}
      <Button
        className="button button-small"
        aria-label={`Open ${label} in the queue`}
        onPress={() => requestOpenMessage(id)}
      >
        Open message
      </Button>
    </li>
  );
}

type RegionState =
  { status: 'loading' } | { status: 'ready'; region: CrisisRegion } | { status: 'failed'; message: string };

/** The region chosen in Settings, read again at every arrival so a change shows next time. */
function useCrisisRegion(arrivals: number): RegionState {
  const [state, setState] = useState<RegionState>({ status: 'loading' });
  useEffect(() => {
    let isStale = false;
    outpost.call('vault.getSettings', {}).then(
      ({ crisisResources }) => {
        const region = selectedCrisisRegion(crisisResources);
        if (isStale) return;
        setState(
          region === undefined
            ? { status: 'failed', message: 'the list has no regions.' }
            : { status: 'ready', region },
        );
      },
      (error: unknown) => {
        if (!isStale) setState({ status: 'failed', message: failureMessage(error) });
      },
    );
    return () => {
      isStale = true;
    };
  }, [arrivals]);
  return state;
}

/** Tier, channel and arrival time of each listed message, never its text. */
function useMessageSummaries(ids: readonly string[]): ReadonlyMap<string, Summary> {
  const [summaries, setSummaries] = useState<ReadonlyMap<string, Summary>>(new Map());
  const key = ids.join('\n');
  useEffect(() => {
    let isStale = false;
    for (const id of key.split('\n')) {
      if (summaries.has(id)) continue;
      outpost.call('messages.get', { id }).then(
        ({ tier, channel, receivedAt }) => {
          if (!isStale)
            setSummaries((current) =>
              new Map(current).set(id, { status: 'ready', tier, channel, receivedAt }),
            );
        },
        () => {
          if (!isStale) setSummaries((current) => new Map(current).set(id, { status: 'failed' }));
        },
      );
    }
    return () => {
      isStale = true;
    };
    // Only new ids need fetching; `summaries` changing must not fetch again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return summaries;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** "today, 16:05" for today's arrivals (nearly all of them), else the date as well. */
function receivedText(iso: string): string {
  const received = new Date(iso);
  const isToday = received.toDateString() === new Date().toDateString();
  return isToday ? `today, ${timeFormat.format(received)}` : formatDateTimeShort(iso);
}
