import type { ComponentType } from 'react';
import { Button } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import type { MethodOutput } from '../../../../shared/rpc/contract.std.ts';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import {
  AddendumIcon,
  NoteIcon,
  PersonIcon,
  ShieldCheckIcon,
  ShieldOffIcon,
  TaskIcon,
} from '../../ui/recordIcons.tsx';
import { clientSelection } from './clientSelection.ts';
import { formatDayTime, formatDueDate } from './dates.ts';
import { useLoad } from './useLoad.ts';

type TimelineEntry = MethodOutput<'clients.timeline'>['entries'][number];

const KINDS: Record<TimelineEntry['kind'], { label: string; Icon: ComponentType }> = {
  note: { label: 'Session', Icon: NoteIcon },
  addendum: { label: 'Addendum', Icon: AddendumIcon },
  consent_given: { label: 'Consent given', Icon: ShieldCheckIcon },
  consent_withdrawn: { label: 'Consent withdrawn', Icon: ShieldOffIcon },
  task: { label: 'Task', Icon: TaskIcon },
  client_created: { label: 'Record created', Icon: PersonIcon },
};

function when(entry: TimelineEntry): string {
  // A task's time is its due day; a clock time would be invented.
  return entry.kind === 'task' ? `Due ${formatDueDate(entry.at.slice(0, 10))}` : formatDayTime(entry.at);
}

/** Everything that happened with this client, newest first. */
export function TimelineTab({ clientId }: { clientId: string }) {
  const [loaded, reload] = useLoad(() => outpost.call('clients.timeline', { id: clientId }), clientId);

  if (loaded.status === 'loading') return <PendingBar label="Loading the timeline…" />;
  if (loaded.status === 'failed') {
    return (
      <div className="records-error">
        <ErrorNotice>{loaded.message}</ErrorNotice>
        <Button className="button" onPress={reload}>
          Try again
        </Button>
      </div>
    );
  }
  const entries = [...loaded.data.entries].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return (
    <div className="timeline-tab">
      <h3>Timeline</h3>
      <ol className="timeline" data-testid="timeline">
        {entries.map((entry, index) => {
          const { label, Icon } = KINDS[entry.kind];
          return (
            <li
              key={`${entry.kind}-${entry.refId}-${index}`}
              className={`timeline-entry timeline-${entry.kind}`}
              data-kind={entry.kind}
            >
              <span className="timeline-icon">
                <Icon />
              </span>
              <div className="timeline-body">
                <p className="timeline-head">
                  <span className="timeline-kind">{label}</span>
                  <time dateTime={entry.at} className="muted">
                    {when(entry)}
                  </time>
                </p>
                <p className="timeline-title">
                  {/* The core names the way of working by its code ("in_person"); tasks keep their own words. */}
                  {entry.kind === 'note' ? entry.title.replaceAll('_', ' ') : entry.title}
                </p>
                {entry.detail !== '' && <p className="timeline-detail muted">{entry.detail}</p>}
                {(entry.kind === 'note' || entry.kind === 'addendum') && (
                  <Button
                    className="link-button"
                    onPress={() =>
                      clientSelection.set((current) => ({ ...current, tab: 'sessions', noteId: entry.refId }))
                    }
                  >
                    Open the note
                  </Button>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
