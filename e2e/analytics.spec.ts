import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import type { AnalyticsSummary } from '../shared/rpc/analyticsSchemas.std.ts';
import { expect, test, TEST_PASSPHRASE } from './fixtures.ts';

/**
 * Analytics end to end: a demo vault filled through the page's bridge, the page's
 * charts' data tables against analytics.summary for the same period, and the CSV export.
 */

const CHANNELS: Record<string, string> = {
  email: 'Email',
  sms: 'Text message',
  chat: 'Chat',
  social_post: 'Social media post',
  social_dm: 'Social media message',
  web_form: 'Web form',
};
const TIERS: Record<string, string> = {
  crisis: 'Crisis',
  urgent: 'Urgent',
  priority: 'Priority',
  routine: 'Routine',
  none: 'No action',
};

async function openAnalytics(page: Page): Promise<void> {
  await page
    .getByRole('tablist', { name: 'Sections' })
    .getByRole('tab', { name: 'Analytics', exact: true })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible();
}

/** The last 30 days in the page's own zone, as the default preset asks for them. */
async function lastThirtyDays(page: Page): Promise<AnalyticsSummary> {
  const outcome = await page.evaluate(async () => {
    const pad = (value: number) => String(value).padStart(2, '0');
    const day = (offset: number) => {
      const date = new Date();
      date.setDate(date.getDate() + offset);
      return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
    };
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return window.outpost!.call('analytics.summary', { from: day(-29), to: day(1), timeZone });
  });
  expect(outcome).not.toHaveProperty('error');
  return (outcome as { result: AnalyticsSummary }).result;
}

/** The data rows of a chart's table, as the first cell (the row's name) and the rest. */
async function tableRows(table: Locator): Promise<string[][]> {
  return table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent.trim())),
    );
}

test('shows the figures of a demo vault as charts with data tables, and exports them as CSV', async ({
  freshApp: page,
}) => {
  const created = await page.evaluate(
    (passphrase) => window.outpost!.call('vault.create', { passphrase, purpose: 'demo' }),
    TEST_PASSPHRASE,
  );
  expect(created).not.toHaveProperty('error');
  await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();

  // An empty vault: the page says so instead of drawing empty charts.
  await openAnalytics(page);
  await expect(page.getByTestId('analytics-empty')).toContainText('No messages in this period');

  const generated = await page.evaluate(() =>
    window.outpost!.call('demo.generate', { clients: 12, messages: 150, notes: 0, days: 25 }),
  );
  expect(generated).toHaveProperty('result.messages', 150);
  // Away and back, so the page asks again.
  await page.getByRole('tablist', { name: 'Sections' }).getByRole('tab', { name: 'Queue' }).click();
  await openAnalytics(page);

  const summary = await lastThirtyDays(page);
  expect(summary.arrivals).toBe(150);
  const totals = page.getByTestId('analytics-totals');
  await expect(totals).toContainText(`Received${summary.arrivals}`);

  const byChannel = page.getByTestId('chart-arrivals-by-channel').getByRole('table');
  await expect(byChannel).toBeAttached();
  expect(await tableRows(byChannel)).toEqual(
    summary.arrivalsByChannel.map((entry) => [CHANNELS[entry.channel], String(entry.count)]),
  );

  const responseCard = page.getByTestId('chart-response-times');
  expect(await tableRows(responseCard.getByRole('table'))).toEqual(
    summary.responseTimes.map((entry) => [
      TIERS[entry.tier],
      String(entry.responded),
      entry.medianMinutes === null ? '—' : String(entry.medianMinutes),
      entry.p90Minutes === null ? '—' : String(entry.p90Minutes),
      expect.any(String),
      String(entry.withinTarget),
    ]),
  );
  expect(summary.responseTimes.some((entry) => entry.responded > 0)).toBe(true);

  const breaches = await tableRows(page.getByTestId('chart-breaches').getByRole('table'));
  expect(breaches).toEqual(
    summary.breaches.map((entry) => [
      TIERS[entry.tier],
      String(entry.answeredLate),
      String(entry.notAnsweredInTime),
    ]),
  );
  const levels = await tableRows(page.getByTestId('chart-service-levels').getByRole('table'));
  expect(levels.map((row) => row[1])).toEqual(summary.serviceLevels.map((entry) => String(entry.count)));
  const backlog = await tableRows(page.getByTestId('chart-backlog').getByRole('table'));
  expect(backlog.map((row) => row[1])).toEqual(summary.backlog.map((day) => String(day.open)));
  const byDay = await tableRows(page.getByTestId('chart-arrivals-by-day').getByRole('table'));
  expect(byDay.map((row) => row.at(-1))).toEqual(summary.arrivalsByDay.map((day) => String(day.total)));

  // The charts are drawn (SVG), and a table can be put on screen for those who prefer it.
  await expect(page.getByTestId('chart-arrivals-by-day').locator('svg.recharts-surface')).toBeVisible();
  const isVisuallyHidden = () => byChannel.evaluate((table) => table.closest('.visually-hidden') !== null);
  expect(await isVisuallyHidden()).toBe(true);
  const showTable = page.getByRole('button', { name: 'Show “Arrivals by channel” as a table' });
  await showTable.click();
  await expect(showTable).toHaveAttribute('aria-pressed', 'true');
  expect(await isVisuallyHidden()).toBe(false);

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(
    /^outpost-analytics-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/,
  );
  const csv = readFileSync(await download.path(), 'utf8');
  const lines = csv.split('\n');
  expect(lines.slice(0, 2)).toEqual(['section,key,measure,value', `period,from,date,${summary.period.from}`]);
  expect(lines).toContain(`arrivals,all,messages,${summary.arrivals}`);
  await expect(page.getByTestId('analytics-export-result')).toContainText(
    `Exported ${lines.length - 2} rows`,
  );
});
