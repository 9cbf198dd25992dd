import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/**
 * Writing help end to end, through the real core: a practice message's emotions with their
 * evidence, prompts, the draft coach updating as the draft changes, a saved attempt in the
 * progress table; and the licences view with the GoEmotions credit.
 */

const main = (page: Page) => page.locator('#main-content');

async function openSection(page: Page, name: 'Writing help' | 'Settings'): Promise<void> {
  await page.getByRole('tablist', { name: 'Sections' }).getByRole('tab', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

async function openPracticeMessage(page: Page, title: string): Promise<void> {
  await openSection(page, 'Writing help');
  await main(page)
    .getByRole('listbox', { name: 'Practice messages' })
    .getByRole('option', { name: title })
    .click();
  await expect(main(page).getByRole('heading', { level: 2, name: title })).toBeVisible();
}

test('practice: emotions with evidence, prompts, a live coach, a saved attempt in progress', async ({
  app: page,
}) => {
  await openPracticeMessage(page, 'Made redundant, rent due');

  const panel = page.getByTestId('emotion-panel');
  await expect(panel.getByTestId('emotion-label-fear')).toBeVisible();
  await expect(panel.getByTestId('emotion-evidence-fear')).toContainText('“scared”');
  const marks = panel.getByTestId('evidence-mark');
  await expect(marks.filter({ hasText: 'scared' }).first()).toHaveAttribute('data-labels', /fear/);

  // No risk in this message: no safety group and no checklist.
  const prompts = page.getByTestId('reply-prompts');
  await expect(prompts.getByTestId('prompt-group-reflection')).toBeVisible();
  await expect(prompts.getByTestId('prompt-group-safety')).toHaveCount(0);
  await expect(page.getByTestId('safety-checklist')).toHaveCount(0);

  const reply = main(page).getByRole('textbox', { name: 'Your reply' });
  await reply.fill('Please send your CV by Tuesday.');
  const questions = page.getByTestId('coach-check-questions');
  const feeling = page.getByTestId('coach-check-feeling');
  await expect(questions).toHaveAttribute('data-status', 'fail');
  await expect(feeling).toHaveAttribute('data-status', 'fail');
  await expect(page.getByTestId('coach-summary')).toContainText('Worth a look');

  // Insert a reflection from the prompts, then add an open question: the coach follows.
  await prompts
    .getByTestId('prompt-group-reflection')
    .getByRole('button', { name: 'Insert' })
    .first()
    .click();
  await expect(reply).toHaveValue(/^Please send your CV by Tuesday\. \S/);
  await reply.press('End');
  await reply.pressSequentially(' What kind of work did you enjoy most?', { delay: 5 });
  await expect(questions).toHaveAttribute('data-status', 'pass');
  await expect(feeling).toHaveAttribute('data-status', 'pass');

  // A check can be dismissed for this draft, and brought back.
  await page.getByRole('button', { name: 'Dismiss Length' }).click();
  await expect(page.getByTestId('coach-check-length')).toHaveCount(0);
  await page.getByRole('button', { name: 'Show 1 dismissed check' }).click();
  await expect(page.getByTestId('coach-check-length')).toBeVisible();

  await main(page).getByRole('button', { name: 'Save attempt' }).click();
  const breakdown = page.getByTestId('score-breakdown');
  await expect(breakdown).toContainText('Attempt saved');
  await expect(breakdown.getByTestId('score-questions')).toContainText('15 of 15');
  const total = (await breakdown.getByTestId('score-total').textContent()) ?? '';
  expect(total).toMatch(/^\d+ of 100$/);

  const progress = page.getByTestId('practice-progress');
  const row = progress.getByTestId('progress-redundancy-rent');
  await expect(row).toContainText('Made redundant, rent due');
  await expect(row.getByRole('cell').nth(1)).toHaveText(total.replace(' of 100', ''));
});

test('practice: a risk message puts safety first and needs the checklist before saving', async ({
  app: page,
}) => {
  await openPracticeMessage(page, "Tonight's the night");
  await expect(page.getByTestId('practice-tier')).toHaveText('Crisis');
  const groups = page.getByTestId('reply-prompts').locator('[data-testid^="prompt-group-"]');
  await expect(groups.first()).toHaveAttribute('data-testid', 'prompt-group-safety');

  const reply = main(page).getByRole('textbox', { name: 'Your reply' });
  await reply.fill('I am so glad you told me. Are you thinking about suicide tonight? Call 116 123 now.');
  await expect(page.getByTestId('coach-check-safety')).toHaveAttribute('data-status', 'pass');
  const save = main(page).getByRole('button', { name: 'Save attempt' });
  await expect(save).toBeDisabled();

  const checklist = page.getByTestId('safety-checklist');
  for (const item of [
    'Asked directly about suicide',
    'Made or reviewed a safety plan',
    'Shared crisis contacts',
  ]) {
    await checklist.getByText(item, { exact: true }).click();
  }
  await expect(checklist).toHaveAttribute('data-complete', 'true');
  await save.click();
  await expect(page.getByTestId('score-breakdown')).toContainText('Attempt saved');
});

test('the licences view is reachable from Settings and credits GoEmotions', async ({ app: page }) => {
  await openSection(page, 'Settings');
  await main(page).getByRole('button', { name: 'Licences and credits' }).click();
  const dialog = page.getByRole('dialog', { name: 'Licences and credits' });
  const credit = dialog.getByTestId('goemotions-credit');
  await expect(credit).toContainText('Demszky');
  await expect(credit).toContainText('CC BY 4.0');
  await expect(dialog.getByText(/Outpost ships \d+ open-source packages/)).toBeVisible();
  await expect(dialog.getByText('react-aria-components', { exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});
