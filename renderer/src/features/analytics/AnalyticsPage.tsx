import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { ANALYTICS_DEFINITIONS } from '../../../../shared/rpc/analyticsSchemas.std.ts';
import type { AnalyticsPeriod, AnalyticsSummary } from '../../../../shared/rpc/analyticsSchemas.std.ts';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { noteVaultChanged } from '../../vault/vaultChanges.ts';
import { downloadText } from '../audit/downloadText.ts';
import {
  ArrivalsByChannelChart,
  ArrivalsByDayChart,
  BacklogChart,
  BreachesChart,
  ResponseTimesChart,
  ServiceLevelChart,
} from './AnalyticsCharts.tsx';
import { longDay } from './analyticsText.ts';
import { PeriodPicker } from './PeriodPicker.tsx';
import { localTimeZone, presetRange, toPeriod } from './period.ts';
import type { DayRange, Preset } from './period.ts';
import './analytics.css';

type SummaryState =
  | { status: 'ready'; key: string; summary: AnalyticsSummary }
  | { status: 'failed'; key: string; message: string };

type ExportState =
  | { status: 'idle' }
  | { status: 'exporting' }
  | { status: 'done'; rows: number; fileName: string }
  | { status: 'failed'; message: string };

const periodKey = (period: AnalyticsPeriod) => `${period.from}/${period.to}/${period.timeZone}`;

/** Reach, response times, breaches, service levels and backlog for a period, all computed in the vault. */
export function AnalyticsPage() {
  const [timeZone] = useState(localTimeZone);
  const [preset, setPreset] = useState<Preset>('last30');
  const [custom, setCustom] = useState<DayRange>(() => presetRange('last30', timeZone));
  const range = preset === 'custom' ? custom : presetRange(preset, timeZone);
  const request = toPeriod(range, timeZone);
  const key = request.period === null ? null : periodKey(request.period);
  const [loaded, setLoaded] = useState<SummaryState | null>(null);
  const [exported, setExported] = useState<ExportState>({ status: 'idle' });

  useEffect(() => {
    if (request.period === null || key === null) return;
    let isStale = false;
    const period = request.period;
    outpost.call('analytics.summary', period).then(
      (summary) => {
        if (!isStale) setLoaded({ status: 'ready', key, summary });
      },
      (error: unknown) => {
        if (!isStale) setLoaded({ status: 'failed', key, message: failureMessage(error) });
      },
    );
    return () => {
      isStale = true;
    };
    // The key names the period; the period object itself is rebuilt on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  function choosePreset(next: Preset): void {
    // "Choose dates" starts from the period on screen.
    if (next === 'custom' && preset !== 'custom') setCustom(range);
    setPreset(next);
    setExported({ status: 'idle' });
  }

  async function exportCsv(period: AnalyticsPeriod): Promise<void> {
    setExported({ status: 'exporting' });
    try {
      const { csv, rows } = await outpost.call('analytics.exportCsv', period);
      const lastDay = range.last?.toString() ?? period.to;
      const fileName = `outpost-analytics-${period.from}-to-${lastDay}.csv`;
      downloadText(fileName, csv, 'text/csv;charset=utf-8');
      setExported({ status: 'done', rows, fileName });
      // The export is in the audit log now.
      noteVaultChanged();
    } catch (error) {
      setExported({ status: 'failed', message: failureMessage(error) });
    }
  }

  const current = loaded !== null && loaded.key === key ? loaded : null;

  return (
    <article className="page analytics-page">
      <h1>Analytics</h1>
      <p className="page-intro">
        How many messages came in, how quickly they were answered against each tier’s target, and how the
        backlog moved. Everything is worked out here, inside your vault; nothing is sent anywhere.
      </p>

      <div className="analytics-toolbar">
        <PeriodPicker
          preset={preset}
          onPresetChange={choosePreset}
          range={range}
          onRangeChange={(next) => {
            setCustom(next);
            setExported({ status: 'idle' });
          }}
          error={request.error}
          timeZone={timeZone}
        />
        <Button
          className="button"
          isDisabled={request.period === null || current?.status !== 'ready'}
          isPending={exported.status === 'exporting'}
          onPress={() => {
            if (request.period !== null) void exportCsv(request.period);
          }}
        >
          Export CSV
        </Button>
      </div>
      <p className="muted analytics-period-help">
        {ANALYTICS_DEFINITIONS.period} Time zone: {timeZone}.
      </p>

      {exported.status === 'done' && (
        <StatusNotice tone="success" testId="analytics-export-result">
          Exported {exported.rows} rows as {exported.fileName}. The export is recorded in the audit log.
        </StatusNotice>
      )}
      {exported.status === 'failed' && <ErrorNotice>{exported.message}</ErrorNotice>}

      {current?.status === 'failed' && <ErrorNotice>{current.message}</ErrorNotice>}
      {request.period !== null && current === null && (
        <p className="muted" role="status">
          Working out the figures…
        </p>
      )}
      {current?.status === 'ready' && <AnalyticsFigures summary={current.summary} />}
    </article>
  );
}

function AnalyticsFigures({ summary }: { summary: AnalyticsSummary }) {
  const breaches = summary.breaches.reduce(
    (sum, entry) => sum + entry.answeredLate + entry.notAnsweredInTime,
    0,
  );
  const replied = summary.responseTimes.reduce((sum, entry) => sum + entry.responded, 0);
  const lastDay = summary.arrivalsByDay.at(-1)?.date ?? summary.period.from;
  const openNow = summary.backlog.at(-1)?.open ?? 0;

  if (summary.arrivals === 0 && openNow === 0) {
    return (
      <div className="empty-state" data-testid="analytics-empty">
        <h2>No messages in this period</h2>
        <p>
          Nothing was received between {longDay(summary.period.from)} and {longDay(lastDay)}, and nothing was
          waiting. Choose another period, or import messages first.
        </p>
      </div>
    );
  }

  return (
    <>
      <dl className="analytics-totals" data-testid="analytics-totals">
        <div>
          <dt>Received</dt>
          <dd>{summary.arrivals}</dd>
        </div>
        <div>
          <dt>Replied to</dt>
          <dd>{replied}</dd>
        </div>
        <div>
          <dt>Breaches</dt>
          <dd>{breaches}</dd>
        </div>
        <div>
          <dt>Not closed at the end</dt>
          <dd>{openNow}</dd>
        </div>
      </dl>
      <div className="analytics-grid">
        <ArrivalsByDayChart summary={summary} />
        <ArrivalsByChannelChart summary={summary} />
        <ServiceLevelChart summary={summary} />
        <ResponseTimesChart summary={summary} />
        <BreachesChart summary={summary} />
        <BacklogChart summary={summary} />
      </div>
    </>
  );
}
