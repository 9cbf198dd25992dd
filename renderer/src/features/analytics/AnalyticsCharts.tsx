import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ANALYTICS_DEFINITIONS } from '../../../../shared/rpc/analyticsSchemas.std.ts';
import type { AnalyticsSummary } from '../../../../shared/rpc/analyticsSchemas.std.ts';
import { describeTarget } from '../../../../shared/domain/responseTargets.std.ts';
import { TIERS } from '../../../../shared/triage/rulesSchema.std.ts';
import { TIER_LABELS } from '../../ui/TierBadge.tsx';
import { CHANNEL_LABELS, SERVICE_LEVEL_LABELS, longDay, shortDay, unitFor } from './analyticsText.ts';
import { ChartCard, DataTable } from './ChartCard.tsx';

const HEIGHT = 240;
const AXIS_TICK = { fill: 'var(--color-text-muted)', fontSize: 12 };
const GRID = 'var(--color-border)';
const TOOLTIP_PROPS = {
  isAnimationActive: false,
  contentStyle: {
    background: 'var(--color-surface)',
    border: '1px solid var(--color-border)',
    borderRadius: 'var(--radius)',
    color: 'var(--color-text)',
  },
  cursor: { fill: 'var(--color-hover)' },
} as const;

const tierFill = (tier: string) => `var(--tier-${tier})`;

/** The tier colours with their words: the colour alone never carries the meaning. */
function TierLegend() {
  return (
    <ul className="chart-legend">
      {TIERS.map((tier) => (
        <li key={tier}>
          <span className={`legend-swatch tier-${tier}`} />
          {TIER_LABELS[tier]}
        </li>
      ))}
    </ul>
  );
}

export function ArrivalsByDayChart({ summary }: { summary: AnalyticsSummary }) {
  const data = summary.arrivalsByDay.map((day) => ({ ...day, label: shortDay(day.date) }));
  return (
    <ChartCard
      wide
      testId="chart-arrivals-by-day"
      title="Arrivals by tier, day by day"
      description={ANALYTICS_DEFINITIONS.arrivals}
      chart={
        <>
          <ResponsiveContainer width="100%" height={HEIGHT}>
            <BarChart data={data} accessibilityLayer={false}>
              <CartesianGrid vertical={false} stroke={GRID} />
              <XAxis dataKey="label" tick={AXIS_TICK} interval="preserveStartEnd" minTickGap={12} />
              <YAxis allowDecimals={false} tick={AXIS_TICK} width={40} />
              <Tooltip {...TOOLTIP_PROPS} />
              {TIERS.map((tier) => (
                <Bar
                  key={tier}
                  dataKey={tier}
                  name={TIER_LABELS[tier]}
                  stackId="tiers"
                  fill={tierFill(tier)}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
          <TierLegend />
        </>
      }
      table={
        <DataTable
          caption="Messages received each day, by tier"
          columns={['Day', ...TIERS.map((tier) => TIER_LABELS[tier]), 'All']}
          rows={summary.arrivalsByDay.map((day) => [
            longDay(day.date),
            ...TIERS.map((tier) => day[tier]),
            day.total,
          ])}
        />
      }
    />
  );
}

export function ArrivalsByChannelChart({ summary }: { summary: AnalyticsSummary }) {
  const data = summary.arrivalsByChannel.map((entry) => ({ ...entry, label: CHANNEL_LABELS[entry.channel] }));
  return (
    <ChartCard
      testId="chart-arrivals-by-channel"
      title="Arrivals by channel"
      description="Messages received in the period, by the channel they came through."
      chart={
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <BarChart data={data} layout="vertical" accessibilityLayer={false} margin={{ left: 8, right: 16 }}>
            <CartesianGrid horizontal={false} stroke={GRID} />
            <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} />
            <YAxis type="category" dataKey="label" tick={AXIS_TICK} width={140} />
            <Tooltip {...TOOLTIP_PROPS} />
            <Bar dataKey="count" name="Messages" fill="var(--color-accent)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <DataTable
          caption="Messages received, by channel"
          columns={['Channel', 'Messages']}
          rows={summary.arrivalsByChannel.map((entry) => [CHANNEL_LABELS[entry.channel], entry.count])}
        />
      }
    />
  );
}

/** One small chart per tier with a target, each on its own scale (minutes for crisis, days for routine). */
export function ResponseTimesChart({ summary }: { summary: AnalyticsSummary }) {
  const tiers = summary.responseTimes.filter((entry) => entry.targetMinutes !== null || entry.responded > 0);
  return (
    <ChartCard
      wide
      testId="chart-response-times"
      title="First-response time against target"
      description={ANALYTICS_DEFINITIONS.responseTime}
      chart={
        <div className="response-grid">
          {tiers.map((entry) => {
            const unit = unitFor(entry.targetMinutes ?? entry.p90Minutes ?? 60);
            const scale = (value: number | null) =>
              value === null ? null : Math.round(value * unit.perMinute * 100) / 100;
            const data = [
              { name: 'Median', value: scale(entry.medianMinutes) },
              { name: '90th percentile', value: scale(entry.p90Minutes) },
            ];
            const target = scale(entry.targetMinutes);
            return (
              <figure key={entry.tier} className="response-tier">
                <figcaption>
                  <span className={`tier-badge tier-${entry.tier}`}>{TIER_LABELS[entry.tier]}</span>{' '}
                  <span className="muted">
                    {entry.responded === 0 ? 'no replies yet' : `${entry.responded} replied`}
                  </span>
                </figcaption>
                <ResponsiveContainer width="100%" height={180}>
                  <BarChart data={data} accessibilityLayer={false} margin={{ top: 16, right: 8 }}>
                    <CartesianGrid vertical={false} stroke={GRID} />
                    <XAxis dataKey="name" tick={AXIS_TICK} />
                    <YAxis
                      tick={AXIS_TICK}
                      width={44}
                      domain={[0, (max: number) => Math.max(max, target ?? 0) * 1.1 || 1]}
                      label={{
                        value: unit.label,
                        angle: -90,
                        position: 'insideLeft',
                        fill: 'var(--color-text-muted)',
                      }}
                    />
                    <Tooltip {...TOOLTIP_PROPS} formatter={(value) => `${String(value)} ${unit.label}`} />
                    <Bar dataKey="value" name="Time" fill={tierFill(entry.tier)} isAnimationActive={false} />
                    {target !== null && (
                      <ReferenceLine
                        y={target}
                        stroke="var(--color-text)"
                        strokeDasharray="6 3"
                        strokeWidth={2}
                        label={{ value: 'Target', position: 'insideTopRight', fill: 'var(--color-text)' }}
                      />
                    )}
                  </BarChart>
                </ResponsiveContainer>
              </figure>
            );
          })}
        </div>
      }
      table={
        <DataTable
          caption="First-response times in minutes, by tier, with the target"
          columns={[
            'Tier',
            'Replied',
            'Median (minutes)',
            '90th percentile (minutes)',
            'Target',
            'Within target',
          ]}
          rows={summary.responseTimes.map((entry) => [
            TIER_LABELS[entry.tier],
            entry.responded,
            entry.medianMinutes ?? '—',
            entry.p90Minutes ?? '—',
            describeTarget(entry.target),
            entry.withinTarget,
          ])}
        />
      }
    />
  );
}

export function BreachesChart({ summary }: { summary: AnalyticsSummary }) {
  const data = summary.breaches.map((entry) => ({ ...entry, label: TIER_LABELS[entry.tier] }));
  return (
    <ChartCard
      testId="chart-breaches"
      title="Breaches"
      description={ANALYTICS_DEFINITIONS.breaches}
      chart={
        <>
          <ResponsiveContainer width="100%" height={HEIGHT}>
            <BarChart data={data} accessibilityLayer={false}>
              <CartesianGrid vertical={false} stroke={GRID} />
              <XAxis dataKey="label" tick={AXIS_TICK} />
              <YAxis allowDecimals={false} tick={AXIS_TICK} width={40} />
              <Tooltip {...TOOLTIP_PROPS} />
              <Bar
                dataKey="answeredLate"
                name="Answered late"
                fill="var(--color-warning)"
                isAnimationActive={false}
              />
              <Bar
                dataKey="notAnsweredInTime"
                name="Not answered in time"
                fill="var(--color-danger)"
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
          <ul className="chart-legend">
            <li>
              <span className="legend-swatch legend-late" />
              Answered late
            </li>
            <li>
              <span className="legend-swatch legend-unanswered" />
              Not answered in time
            </li>
          </ul>
        </>
      }
      table={
        <DataTable
          caption="Breaches by tier"
          columns={['Tier', 'Answered late', 'Not answered in time']}
          rows={summary.breaches.map((entry) => [
            TIER_LABELS[entry.tier],
            entry.answeredLate,
            entry.notAnsweredInTime,
          ])}
        />
      }
    />
  );
}

export function ServiceLevelChart({ summary }: { summary: AnalyticsSummary }) {
  const data = summary.serviceLevels.map((entry) => ({ ...entry, label: SERVICE_LEVEL_LABELS[entry.level] }));
  return (
    <ChartCard
      testId="chart-service-levels"
      title="Service-level mix"
      description={ANALYTICS_DEFINITIONS.serviceLevels}
      chart={
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <BarChart data={data} accessibilityLayer={false}>
            <CartesianGrid vertical={false} stroke={GRID} />
            <XAxis dataKey="label" tick={AXIS_TICK} interval={0} />
            <YAxis allowDecimals={false} tick={AXIS_TICK} width={40} />
            <Tooltip {...TOOLTIP_PROPS} />
            <Bar dataKey="count" name="Messages" fill="var(--color-accent)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <DataTable
          caption="Messages by suggested service level"
          columns={['Service level', 'Messages']}
          rows={summary.serviceLevels.map((entry) => [SERVICE_LEVEL_LABELS[entry.level], entry.count])}
        />
      }
    />
  );
}

export function BacklogChart({ summary }: { summary: AnalyticsSummary }) {
  const data = summary.backlog.map((day) => ({ ...day, label: shortDay(day.date) }));
  return (
    <ChartCard
      wide
      testId="chart-backlog"
      title="Backlog"
      description={ANALYTICS_DEFINITIONS.backlog}
      chart={
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <LineChart data={data} accessibilityLayer={false}>
            <CartesianGrid vertical={false} stroke={GRID} />
            <XAxis dataKey="label" tick={AXIS_TICK} interval="preserveStartEnd" minTickGap={12} />
            <YAxis allowDecimals={false} tick={AXIS_TICK} width={40} />
            <Tooltip {...TOOLTIP_PROPS} />
            <Line
              type="monotone"
              dataKey="open"
              name="Not closed"
              stroke="var(--color-accent)"
              strokeWidth={2}
              dot={data.length <= 31}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      }
      table={
        <DataTable
          caption="Messages not closed at the end of each day"
          columns={['Day', 'Not closed']}
          rows={summary.backlog.map((day) => [longDay(day.date), day.open])}
        />
      }
    />
  );
}
