import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, TEST_PASSPHRASE } from './fixtures.ts';

/**
 * Moving a whole vault to a new computer (issue 8, payload (d)): the old computer
 * writes a transfer file from Team exchange, locked with a bundle passphrase; the new
 * one, on its Create vault screen, checks it, shows the signer's fingerprint, takes
 * the vault's own passphrase and opens the moved vault with the client in it.
 */

const BUNDLE_PASSPHRASE = 'copper kettle morning rain';
const main = (page: Page) => page.locator('#main-content');

async function call<T = unknown>(page: Page, method: string, input: unknown): Promise<T> {
  const outcome = await page.evaluate(([name, args]) => window.outpost!.call(name, args), [
    method,
    input,
  ] as const);
  if (!('result' in outcome)) throw new Error(`${method} failed: ${JSON.stringify(outcome.error)}`);
  return outcome.result as T;
}

async function openSection(page: Page, name: string): Promise<void> {
  await page.getByRole('tablist', { name: 'Sections' }).getByRole('tab', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

test('a vault moves to a new computer: written from Team exchange, checked, fingerprint shown, opened', async ({
  freshApp: old,
  freshHarness: oldHarness,
  secondApp: fresh,
  secondHarness: freshHarness,
}) => {
  test.setTimeout(120_000);
  const slow = { timeout: 30_000 };
  await call(old, 'vault.create', { passphrase: TEST_PASSPHRASE });
  await expect(old.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
  await call(old, 'vault.updateSettings', { practitionerName: 'Noa Field' });
  await call(old, 'clients.create', { displayName: 'Ilse Marten', pseudonymous: true, channels: [] });

  await openSection(old, 'Team exchange');
  const move = main(old).getByTestId('move-vault');
  await expect(move.getByRole('heading', { name: 'Move to a new computer' })).toBeVisible();
  const fingerprint = ((await move.getByTestId('move-vault-fingerprint').textContent()) ?? '').trim();
  expect(fingerprint).toMatch(/^([0-9A-F]{4} ){9}[0-9A-F]{4}$/);
  await move.getByLabel('Bundle passphrase', { exact: true }).fill(BUNDLE_PASSPHRASE);
  const folder = join(oldHarness.dataDir, 'usb-stick');
  mkdirSync(folder, { recursive: true });
  oldHarness.dialogs.exchangeFolder = folder;
  await move.getByRole('button', { name: 'Write transfer file…' }).click();
  await expect(move.getByTestId('move-vault-result')).toContainText('Wrote', slow);
  const written = readdirSync(folder);
  expect(written).toHaveLength(1);
  expect(written[0]).toMatch(/\.outpost-bundle$/);
  const bundle = join(folder, written[0]!);

  // The new computer: no vault yet.
  await fresh.getByRole('button', { name: 'Move a vault from another computer' }).click();
  await expect(
    fresh.getByRole('heading', { level: 1, name: 'Move a vault from another computer' }),
  ).toBeVisible();
  freshHarness.dialogs.bundleFile = bundle;
  await fresh.getByRole('button', { name: 'Choose transfer file…' }).click();
  await expect(fresh.getByTestId('move-file')).toHaveText(bundle);
  const bundleField = fresh.getByLabel('Bundle passphrase', { exact: true });
  await bundleField.fill('copper kettle evening rain');
  await fresh.getByRole('button', { name: 'Check the file' }).click();
  await expect(fresh.getByTestId('move-error')).toContainText('bundle passphrase does not open', slow);
  await bundleField.fill(BUNDLE_PASSPHRASE);
  await fresh.getByRole('button', { name: 'Check the file' }).click();
  await expect(fresh.getByTestId('move-signer')).toContainText('Noa Field', slow);
  await expect(fresh.getByTestId('move-fingerprint')).toHaveText(fingerprint);
  const moveButton = fresh.getByRole('button', { name: 'Move the vault here' });
  await fresh.getByLabel('Vault passphrase', { exact: true }).fill(TEST_PASSPHRASE);
  // Not before the fingerprint was confirmed.
  await expect(moveButton).toBeDisabled();
  await fresh.getByText('The fingerprint matches the old computer’s').click();
  await moveButton.click();

  await expect(fresh.getByRole('button', { name: 'Lock', exact: true })).toBeVisible(slow);
  await openSection(fresh, 'Clients');
  await expect(main(fresh).getByRole('option', { name: /Ilse Marten/ })).toBeVisible();
  const audit = await call<{ entries: { details: Record<string, unknown> }[] }>(fresh, 'audit.list', {
    filter: { actions: ['exchange.imported'] },
  });
  expect(audit.entries[0]?.details).toMatchObject({ kind: 'vault_transfer', signerFingerprint: fingerprint });
  expect(readdirSync(dirname(freshHarness.vaultDir)).some((name) => name.includes('.transfer-'))).toBe(false);
});
