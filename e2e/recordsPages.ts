import type { Page } from '@playwright/test';
import { expect } from './fixtures.ts';

/** Page steps shared by the record-keeping specs (a spec file cannot import another). */

let counter = 0;
/** A word no other test (or earlier run in this worker) has used, so search hits are ours alone. */
export function uniqueWord(prefix: string): string {
  counter++;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

export const main = (page: Page) => page.locator('#main-content');
export const clientHeading = (page: Page) => page.getByTestId('client-name');
export const noteEditor = (page: Page) => page.getByTestId('note-editor');

export async function openSection(page: Page, name: 'Clients' | 'Sessions' | 'Settings'): Promise<void> {
  await page.getByRole('tablist', { name: 'Sections' }).getByRole('tab', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** Creates a client through the New client form (no channel when email is null) and leaves its record open. */
export async function createClient(page: Page, name: string, email: string | null = null): Promise<void> {
  await openSection(page, 'Clients');
  await main(page).getByRole('button', { name: 'New client' }).click();
  const dialog = page.getByRole('dialog', { name: 'New client' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Display name or alias').fill(name);
  if (email === null) {
    await dialog.getByRole('button', { name: 'Remove channel 1' }).click();
  } else {
    await dialog.getByLabel('Channel 1 address or number').fill(email);
  }
  await dialog.getByRole('button', { name: 'Create client' }).click();
  await expect(dialog).toBeHidden();
  await expect(clientHeading(page)).toHaveText(name);
}

/** Finds a client with the list filter and opens their record. */
export async function openExistingClient(page: Page, name: string): Promise<void> {
  await openSection(page, 'Clients');
  await main(page).getByRole('searchbox', { name: 'Filter clients' }).fill(name);
  await main(page)
    .getByRole('option', { name: new RegExp(name) })
    .click();
  await expect(clientHeading(page)).toHaveText(name);
}

export async function openRecordTab(page: Page, name: string): Promise<void> {
  await main(page).getByRole('tab', { name, exact: true }).click();
  await expect(main(page).getByRole('tab', { name, exact: true })).toHaveAttribute('aria-selected', 'true');
}
