import {
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { MethodOutput } from '../shared/rpc/contract.std.ts';
import { describeError } from '../shared/rpc/errors.std.ts';
import { expect, test, TEST_PASSPHRASE } from './fixtures.ts';

/** What the recovery key screen shows: 8 groups of 4 Crockford base32 characters. */
const RECOVERY_KEY_SHAPE = /^[0-9A-HJKMNP-TV-Z]{4}( [0-9A-HJKMNP-TV-Z]{4}){7}$/;
const NEW_PASSPHRASE = 'copper meadow violin ninety';

const unlockHeading = (page: Page) => page.getByRole('heading', { level: 1, name: 'Unlock your vault' });
const lockButton = (page: Page) => page.getByRole('button', { name: 'Lock', exact: true });
const passphraseField = (page: Page) => page.getByLabel('Passphrase', { exact: true });
/** The switch in Settings and the button on the Unlock screen share this name. */
const KEYCHAIN = /^Unlock with this computer[’']s keychain$/;
const securityPanel = (page: Page) => page.getByRole('region', { name: 'Security', exact: true });

/** Asks the core directly, so a test sees the real state and not only what the page shows. */
async function coreVaultState(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const reply = await window.outpost!.call('vault.status', {});
    return 'result' in reply ? (reply.result as { state: string }).state : `error ${reply.error.code}`;
  });
}

async function recoveryKeyOnScreen(page: Page): Promise<string> {
  const text = await page.getByTestId('recovery-key').textContent();
  return (text ?? '').trim().replace(/\s+/g, ' ');
}

/** The Create screen's form, filled and submitted; leaves the recovery key screen showing. */
async function createVaultThroughUi(page: Page, passphrase: string): Promise<string> {
  await passphraseField(page).fill(passphrase);
  await page.getByLabel('Type it again', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your recovery key' })).toBeVisible();
  return recoveryKeyOnScreen(page);
}

async function acknowledgeRecoveryKey(page: Page): Promise<void> {
  const continueButton = page.getByRole('button', { name: 'Continue' });
  await expect(continueButton).toBeDisabled();
  // React Aria keeps the real input visually hidden; a person clicks the label.
  await page.getByText('I have written down my recovery key').click();
  await expect(page.getByRole('checkbox', { name: 'I have written down my recovery key' })).toBeChecked();
  await continueButton.click();
  await expect(lockButton(page)).toBeVisible();
}

/** Creates the vault through the bridge; the gate hears vault.unlocked and shows the app. */
async function createVaultQuickly(page: Page): Promise<void> {
  const reply = await page.evaluate(
    (passphrase) => window.outpost!.call('vault.create', { passphrase }),
    TEST_PASSPHRASE,
  );
  expect(reply).toHaveProperty('result.recoveryKey');
  await expect(lockButton(page)).toBeVisible();
}

async function unlockThroughUi(page: Page, passphrase: string): Promise<void> {
  await passphraseField(page).fill(passphrase);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(lockButton(page)).toBeVisible();
}

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
}

type DeviceStatus = MethodOutput<'device.status'>;

/**
 * Puts the test between the page and the engine, from a reload on: it notes the methods
 * the page calls, counts the host's answers to device.status and, given `deviceStatus`, gives that answer instead (the
 * harness's host always says a browser has no keychain); the test may change that object
 * later, as the host's keychain file would change. Everything else passes through.
 */
async function routeEngineSocket(
  page: Page,
  deviceStatus?: DeviceStatus,
): Promise<{ methods: string[]; deviceStatusAnswers: number }> {
  const seen = { methods: [] as string[], deviceStatusAnswers: 0 };
  await page.routeWebSocket(/\/rpc\?token=/, (pageSide) => {
    const engineSide = pageSide.connectToServer();
    const statusRequests = new Set<number>();
    pageSide.onMessage((message) => {
      const request = JSON.parse(message.toString()) as { id: number; method: string };
      seen.methods.push(request.method);
      if (request.method === 'device.status') {
        if (deviceStatus !== undefined) {
          pageSide.send(JSON.stringify({ id: request.id, result: deviceStatus }));
          seen.deviceStatusAnswers++;
          return;
        }
        statusRequests.add(request.id);
      }
      engineSide.send(message);
    });
    engineSide.onMessage((message) => {
      pageSide.send(message);
      const reply = JSON.parse(message.toString()) as { id?: number };
      if (reply.id !== undefined && statusRequests.delete(reply.id)) seen.deviceStatusAnswers++;
    });
  });
  await page.reload();
  return seen;
}

/**
 * Waits until the page has taken in every answer sent to it so far: replies arrive in
 * order on the one socket, so once a later call returns, the earlier answers were
 * delivered; then one frame for React to render them.
 */
async function settleEngineAnswers(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await window.outpost!.call('app.info', {});
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  });
}

test.describe('creating a vault', () => {
  test('refuses a weak passphrase with the meter’s warning, then creates the vault and shows the recovery key once', async ({
    freshApp: page,
  }) => {
    await expect(passphraseField(page)).toBeFocused();
    const createButton = page.getByRole('button', { name: 'Create vault' });
    const meter = page.getByRole('meter', { name: 'Passphrase strength' });

    await passphraseField(page).fill('password123');
    await page.getByLabel('Type it again', { exact: true }).fill('password123');
    await expect(page.getByTestId('strength-warning')).toHaveText(/\S/);
    await expect(meter).toHaveAttribute('aria-valuenow', /^[0-2]$/);
    await expect(createButton).toBeDisabled();
    // The rule is the core's, not only the page's.
    const weakReply = await page.evaluate(() =>
      window.outpost!.call('vault.create', { passphrase: 'password123' }),
    );
    expect(weakReply).toMatchObject({ error: { code: 'WEAK_PASSPHRASE' } });

    await passphraseField(page).fill(TEST_PASSPHRASE);
    await expect(createButton).toBeDisabled();
    await page.getByLabel('Type it again', { exact: true }).fill(TEST_PASSPHRASE);
    await expect(meter).toHaveAttribute('aria-valuenow', /^[34]$/);
    await expect(page.getByTestId('strength-warning')).toBeHidden();
    await expect(createButton).toBeEnabled();
    await createButton.click();

    await expect(page.getByRole('heading', { level: 1, name: 'Your recovery key' })).toBeVisible();
    await expect(
      page.getByText('Write this down and keep it somewhere safe; it is shown only once.'),
    ).toBeVisible();
    expect(await recoveryKeyOnScreen(page)).toMatch(RECOVERY_KEY_SHAPE);
    await acknowledgeRecoveryKey(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
    expect(await coreVaultState(page)).toBe('unlocked');
  });
});

test.describe('locking and unlocking', () => {
  test('the Lock button locks; a wrong passphrase is refused; the right one opens the app', async ({
    freshApp: page,
  }) => {
    await createVaultQuickly(page);
    await lockButton(page).click();
    await expect(unlockHeading(page)).toBeVisible();
    await expect(page.getByTestId('lock-notice')).toContainText('Outpost was locked.');
    await expect(lockButton(page)).toHaveCount(0);
    expect(await coreVaultState(page)).toBe('locked');

    await expect(passphraseField(page)).toBeFocused();
    await passphraseField(page).fill('not the passphrase at all');
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText(describeError('WRONG_PASSPHRASE'));
    await expect(passphraseField(page)).toHaveValue('');
    await expect(passphraseField(page)).toBeFocused();
    expect(await coreVaultState(page)).toBe('locked');

    await passphraseField(page).fill(TEST_PASSPHRASE);
    await passphraseField(page).press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
    expect(await coreVaultState(page)).toBe('unlocked');

    // The keyboard shortcut locks too.
    await page.keyboard.press('Control+L');
    await expect(unlockHeading(page)).toBeVisible();
    expect(await coreVaultState(page)).toBe('locked');
  });

  test('says that attempts are slowed down after several wrong passphrases', async ({ freshApp: page }) => {
    await createVaultQuickly(page);
    await lockButton(page).click();
    await expect(unlockHeading(page)).toBeVisible();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await expect(page.getByTestId('unlock-slowed')).toHaveCount(0);
      await passphraseField(page).fill(`wrong guess number ${attempt}`);
      await page.getByRole('button', { name: 'Unlock', exact: true }).click();
      await expect(page.getByRole('alert')).toHaveText(describeError('WRONG_PASSPHRASE'));
    }
    await expect(page.getByTestId('unlock-slowed')).toContainText('waits a little longer');
  });
});

test.describe('automatic locking', () => {
  test.use({ fakeClock: true });

  test('locks after the chosen time without use, and not before', async ({ freshApp: page }) => {
    await createVaultQuickly(page);
    await openSettings(page);
    await page.getByRole('button', { name: 'Lock automatically after' }).click();
    await page.getByRole('option', { name: '1 minute', exact: true }).click();
    await expect(page.getByText('Saved. Outpost now locks after 1 minute without use.')).toBeVisible();
    await expect(page.getByTestId('auto-lock-status')).toHaveText('Locks after 1 minute without use');

    await page.clock.fastForward('00:50');
    // Moving the mouse counts as use and starts the minute again.
    await page.mouse.move(200, 300);
    await page.clock.fastForward('00:50');
    await expect(lockButton(page)).toBeVisible();
    expect(await coreVaultState(page)).toBe('unlocked');

    await page.clock.fastForward('01:05');
    await expect(unlockHeading(page)).toBeVisible();
    await expect(page.getByTestId('lock-notice')).toHaveText(
      'Outpost locked itself because it was not used for 1 minute.',
    );
    expect(await coreVaultState(page)).toBe('locked');
  });
});

test.describe('forgotten passphrase', () => {
  test('the recovery key sets a new passphrase and is replaced by a new key', async ({ freshApp: page }) => {
    const firstKey = await createVaultThroughUi(page, TEST_PASSPHRASE);
    await acknowledgeRecoveryKey(page);
    await lockButton(page).click();
    await expect(unlockHeading(page)).toBeVisible();

    await page.getByRole('button', { name: 'Forgot your passphrase?' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Set a new passphrase' })).toBeVisible();
    // Typed as a person might: lower case, dashes instead of spaces.
    await page.getByLabel('Recovery key').fill(firstKey.toLowerCase().replaceAll(' ', '-'));
    await page.getByLabel('New passphrase', { exact: true }).fill(NEW_PASSPHRASE);
    await page.getByLabel('Type it again', { exact: true }).fill(NEW_PASSPHRASE);
    await page.getByRole('button', { name: 'Set new passphrase' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Your new recovery key' })).toBeVisible();
    await expect(page.getByText('Your old recovery key no longer works')).toBeVisible();
    const secondKey = await recoveryKeyOnScreen(page);
    expect(secondKey).toMatch(RECOVERY_KEY_SHAPE);
    expect(secondKey).not.toBe(firstKey);
    await acknowledgeRecoveryKey(page);
    expect(await coreVaultState(page)).toBe('unlocked');

    const oldKeyReply = await page.evaluate(
      ([recoveryKey, newPassphrase]) => window.outpost!.call('vault.recover', { recoveryKey, newPassphrase }),
      [firstKey, 'another long passphrase nobody guesses'] as const,
    );
    expect(oldKeyReply).toMatchObject({ error: { code: 'WRONG_RECOVERY_KEY' } });

    await lockButton(page).click();
    await passphraseField(page).fill(TEST_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText(describeError('WRONG_PASSPHRASE'));
    await unlockThroughUi(page, NEW_PASSPHRASE);
    expect(await coreVaultState(page)).toBe('unlocked');
  });
});

test.describe('backups', () => {
  test('backs up into the chosen folder, lists the backup and verifies it', async ({
    freshApp: page,
    freshHarness,
  }) => {
    const folder = freshHarness.dialogs.backupFolder!;
    await createVaultQuickly(page);
    await openSettings(page);
    const backups = page.getByRole('region', { name: 'Backups', exact: true });

    await backups.getByRole('button', { name: 'Choose…' }).click();
    await expect(backups.getByLabel('Backup folder')).toHaveValue(folder);
    await backups.getByRole('button', { name: 'Back up now' }).click();
    await expect(page.getByTestId('backup-result')).toContainText('Backup saved');

    const files = readdirSync(folder).filter((name) => name.endsWith('.outpost-backup'));
    expect(files).toHaveLength(1);
    const list = page.getByTestId('backup-list');
    await expect(list.getByRole('row')).toHaveCount(2);
    await expect(list.getByRole('row').nth(1)).toContainText(new Date().getFullYear().toString());

    await list.getByRole('button', { name: /^Verify/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Verify backup' });
    await dialog.getByLabel('Passphrase of the backup', { exact: true }).fill('not the right one at all');
    await dialog.getByRole('button', { name: 'Verify', exact: true }).click();
    await expect(dialog.getByRole('alert')).toContainText('does not open this backup');
    await dialog.getByLabel('Passphrase of the backup', { exact: true }).fill(TEST_PASSPHRASE);
    await dialog.getByRole('button', { name: 'Verify', exact: true }).click();
    await expect(page.getByTestId('verify-result')).toContainText('This backup is intact');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();

    const saved = await page.evaluate(() => window.outpost!.call('vault.getSettings', {}));
    expect(saved).toMatchObject({ result: { backupFolder: folder } });
  });

  test('restoring a backup locks the vault, sets the old one aside and opens the restored one', async ({
    freshApp: page,
  }) => {
    await createVaultQuickly(page);
    await openSettings(page);
    const backups = page.getByRole('region', { name: 'Backups', exact: true });
    await backups.getByRole('button', { name: 'Choose…' }).click();
    await backups.getByRole('button', { name: 'Back up now' }).click();
    await expect(page.getByTestId('backup-result')).toContainText('Backup saved');

    // A change after the backup, which the restore must undo.
    await page.getByRole('button', { name: 'Lock automatically after' }).click();
    await page.getByRole('option', { name: '15 minutes', exact: true }).click();
    await expect(page.getByTestId('auto-lock-status')).toHaveText('Locks after 15 minutes without use');

    await page
      .getByTestId('backup-list')
      .getByRole('button', { name: /^Restore the backup made/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Restore from a backup' });
    await expect(dialog.getByTestId('restore-file')).toContainText('.outpost-backup');
    await dialog.getByLabel('Passphrase of the backup', { exact: true }).fill(TEST_PASSPHRASE);
    await dialog.getByRole('button', { name: 'Restore…', exact: true }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Lock this vault and restore the backup?' });
    await expect(confirm).toContainText('set aside, not deleted');
    await confirm.getByRole('button', { name: 'Lock and restore' }).click();

    await expect(unlockHeading(page)).toBeVisible();
    await expect(page.getByTestId('lock-notice')).toContainText('The backup was restored.');
    const setAside = (await page.getByTestId('set-aside-path').textContent()) ?? '';
    expect(existsSync(join(setAside, 'vault.db'))).toBe(true);
    expect(await coreVaultState(page)).toBe('locked');

    await unlockThroughUi(page, TEST_PASSPHRASE);
    await expect(page.getByTestId('auto-lock-status')).toHaveText('Locks after 5 minutes without use');
  });

  test('a damaged vault is explained calmly and restored from a typed backup path', async ({
    freshApp: page,
    freshHarness,
  }) => {
    await createVaultQuickly(page);
    const backupFile = await page.evaluate(async (folder) => {
      const reply = await window.outpost!.call('backup.create', { folder });
      return 'result' in reply ? (reply.result as { file: string }).file : '';
    }, freshHarness.dialogs.backupFolder!);
    expect(backupFile).toMatch(/\.outpost-backup$/);
    await lockButton(page).click();
    await expect(unlockHeading(page)).toBeVisible();

    // Scribble over the start of the encrypted database, as a failing disk might.
    const databaseFile = join(freshHarness.vaultDir, 'vault.db');
    const handle = openSync(databaseFile, 'r+');
    writeSync(handle, Buffer.alloc(4096, 0x5a), 0, 4096, 0);
    closeSync(handle);

    await passphraseField(page).fill(TEST_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your vault file is damaged' })).toBeVisible();
    await expect(page.getByText('Nothing has been deleted.')).toBeVisible();

    await page.getByRole('button', { name: 'Restore from a backup' }).click();
    freshHarness.dialogs.restoreFile = null;
    await page.getByRole('button', { name: 'Choose backup file…' }).click();
    await page.getByLabel('Path of the backup file').fill(backupFile);
    await page.getByLabel('Passphrase of the backup', { exact: true }).fill(TEST_PASSPHRASE);
    await page.getByRole('button', { name: 'Restore backup' }).click();

    await expect(unlockHeading(page)).toBeVisible();
    const setAside = (await page.getByTestId('set-aside-path').textContent()) ?? '';
    // The damaged file was moved aside, byte for byte, not deleted.
    expect(readFileSync(join(setAside, 'vault.db')).subarray(0, 4096)).toEqual(Buffer.alloc(4096, 0x5a));
    await unlockThroughUi(page, TEST_PASSPHRASE);
    expect(await coreVaultState(page)).toBe('unlocked');
  });
});

test.describe('audit log', () => {
  test('shows vault events newest first, verifies its chain and downloads a CSV', async ({
    freshApp: page,
  }) => {
    await createVaultQuickly(page);
    await lockButton(page).click();
    await unlockThroughUi(page, TEST_PASSPHRASE);
    await openSettings(page);

    const table = page.getByTestId('audit-table');
    const actionCells = table.getByRole('row').locator('td:nth-child(2)');
    await expect(actionCells).toHaveText(['Vault unlocked', 'Vault locked', 'Vault created']);
    await expect(table.getByRole('row').nth(2)).toContainText('Locked by hand');

    await page.getByRole('button', { name: 'Verify audit chain' }).click();
    await expect(page.getByTestId('audit-chain-result')).toHaveText(
      'The audit log is intact: all 3 entries check out.',
    );

    const downloadStarted = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const download = await downloadStarted;
    expect(download.suggestedFilename()).toMatch(/^outpost-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('seq,time,action')).toBe(true);
    expect(csv.split('\n').filter((line) => line.trim() !== '')).toHaveLength(4);
    expect(csv).toContain(',vault.locked,');
    // The export is itself recorded, and the view picks it up.
    await expect(actionCells.first()).toHaveText('Audit log exported');

    await page.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('option', { name: 'Vault locked', exact: true }).click();
    await page.keyboard.press('Escape');
    await expect(actionCells).toHaveText(['Vault locked']);

    // Typed into the date field segment by segment, as the keyboard would: nothing is from tomorrow.
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    const pad = (value: number) => String(value).padStart(2, '0');
    await page.getByRole('spinbutton', { name: /^month, From/ }).click();
    await page.keyboard.type(
      `${pad(tomorrow.getMonth() + 1)}${pad(tomorrow.getDate())}${tomorrow.getFullYear()}`,
    );
    await expect(table.getByText('No entries match these filters.')).toBeVisible();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(actionCells).toHaveCount(4);
  });

  test('pages back through a long log with Load more', async ({ freshApp: page }) => {
    const generated = await page.evaluate(async (passphrase) => {
      const bridge = window.outpost!;
      await bridge.call('vault.create', { passphrase, purpose: 'demo' });
      return bridge.call('demo.generate', { clients: 0, messages: 0, notes: 0, days: 60 });
    }, TEST_PASSPHRASE);
    expect(generated).toHaveProperty('result.auditEntries');
    await expect(lockButton(page)).toBeVisible();
    await openSettings(page);

    const rows = page.getByTestId('audit-table').getByRole('row');
    await expect(rows).toHaveCount(51);
    const oldestOnFirstPage = await rows.last().locator('time').getAttribute('datetime');
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect(rows).toHaveCount(101);
    const firstOfSecondPage = await rows.nth(51).locator('time').getAttribute('datetime');
    expect(Date.parse(firstOfSecondPage ?? '')).toBeLessThanOrEqual(Date.parse(oldestOnFirstPage ?? ''));
  });
});

test.describe('keyboard only', () => {
  test('creates, locks and unlocks the vault without a mouse', async ({ freshApp: page }) => {
    await expect(passphraseField(page)).toBeFocused();
    await page.keyboard.type(TEST_PASSPHRASE);
    await page.keyboard.press('Tab'); // the Show toggle
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Type it again', { exact: true })).toBeFocused();
    await page.keyboard.type(TEST_PASSPHRASE);
    // The core's verdict arrives once typing pauses; until then Enter rightly does nothing.
    await expect(page.getByRole('button', { name: 'Create vault' })).toBeEnabled();
    await page.keyboard.press('Enter');

    await expect(page.getByRole('heading', { level: 1, name: 'Your recovery key' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('checkbox', { name: 'I have written down my recovery key' })).toBeFocused();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Continue' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(lockButton(page)).toBeVisible();

    await page.keyboard.press('Control+L');
    await expect(passphraseField(page)).toBeFocused();
    await page.keyboard.type(TEST_PASSPHRASE);
    await page.keyboard.press('Enter');
    await expect(lockButton(page)).toBeVisible();
    // Back in the app, the first Tab reaches "Skip to content", as in a fresh window.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  });
});

test.describe('unlocking with the computer’s keychain', () => {
  test('in a browser the switch is off, disabled and says why, and the Unlock screen offers no keychain', async ({
    freshApp: page,
  }) => {
    await createVaultQuickly(page);
    const hostReply = await page.evaluate(() => window.outpost!.call('device.status', {}));
    expect(hostReply).toMatchObject({ result: { available: false, enabled: false } });
    const reason = 'result' in hostReply ? (hostReply.result as DeviceStatus).reason : null;
    expect(reason).toMatch(/keychain/);

    await openSettings(page);
    const keychainSwitch = securityPanel(page).getByRole('switch', { name: KEYCHAIN });
    await expect(keychainSwitch).toBeDisabled();
    await expect(keychainSwitch).not.toBeChecked();
    await expect(securityPanel(page).getByText(reason!, { exact: true })).toBeVisible();
    await expect(keychainSwitch).toHaveAccessibleDescription(reason!);
    // Clicking it does nothing, not even an error.
    await securityPanel(page).getByText(KEYCHAIN).click({ force: true });
    await expect(keychainSwitch).not.toBeChecked();
    await expect(securityPanel(page).getByRole('alert')).toHaveCount(0);

    const seen = await routeEngineSocket(page);
    await lockButton(page).click();
    await expect(unlockHeading(page)).toBeVisible();
    await expect.poll(() => seen.deviceStatusAnswers).toBeGreaterThan(0);
    await settleEngineAnswers(page);
    await expect(page.getByRole('button', { name: KEYCHAIN })).toHaveCount(0);
    await unlockThroughUi(page, TEST_PASSPHRASE);
  });

  test('where the host says it is on, the Unlock screen offers it and a refusal leaves the passphrase ready', async ({
    freshApp: page,
  }) => {
    await createVaultQuickly(page);
    await lockButton(page).click();
    await expect(unlockHeading(page)).toBeVisible();
    // The status is the test's; device.unlock still reaches the harness, which refuses it.
    await routeEngineSocket(page, { available: true, enabled: true, reason: null });
    await expect(unlockHeading(page)).toBeVisible();

    await page.getByRole('button', { name: KEYCHAIN }).click();
    await expect(page.getByRole('alert')).toHaveText(describeError('DEVICE_UNLOCK_UNAVAILABLE'));
    await expect(page.getByRole('button', { name: KEYCHAIN })).toHaveCount(0);
    await expect(passphraseField(page)).toBeFocused();
    expect(await coreVaultState(page)).toBe('locked');
    await unlockThroughUi(page, TEST_PASSPHRASE);
  });

  test('where the host has a keychain, the switch turns it off and on and explains what it means', async ({
    freshApp: page,
  }) => {
    await createVaultQuickly(page);
    const hostStatus: DeviceStatus = { available: true, enabled: true, reason: null };
    await routeEngineSocket(page, hostStatus);
    await openSettings(page);
    const keychainSwitch = securityPanel(page).getByRole('switch', { name: KEYCHAIN });
    await expect(keychainSwitch).toBeEnabled();
    await expect(keychainSwitch).toBeChecked();
    await expect(keychainSwitch).toHaveAccessibleDescription(
      /anyone who can log in to this computer account can then open the vault without the passphrase.*passphrase still works.*turned off automatically when the passphrase is reset with the recovery key/i,
    );

    // The harness's host turns it off as asked, and refuses to turn it on.
    await keychainSwitch.focus();
    await page.keyboard.press('Space');
    await expect(keychainSwitch).not.toBeChecked();
    await expect(securityPanel(page).getByRole('status').filter({ hasText: 'Turned off.' })).toBeVisible();
    hostStatus.enabled = false;
    await page.keyboard.press('Space');
    await expect(securityPanel(page).getByRole('alert')).toHaveText(
      describeError('DEVICE_UNLOCK_UNAVAILABLE'),
    );
    await expect(keychainSwitch).not.toBeChecked();
  });
});

test.describe('keychain unlocking and the recovery key', () => {
  test('resetting the passphrase with the recovery key has the host turn keychain unlocking off', async ({
    freshApp: page,
  }) => {
    const recoveryKey = await createVaultThroughUi(page, TEST_PASSPHRASE);
    await acknowledgeRecoveryKey(page);
    await lockButton(page).click();
    // The core drops its keychain wrap on recovery; the host's sealed secret must go too.
    const seen = await routeEngineSocket(page, { available: true, enabled: true, reason: null });
    await expect(page.getByRole('button', { name: KEYCHAIN })).toBeVisible();
    await page.getByRole('button', { name: 'Forgot your passphrase?' }).click();
    await page.getByLabel('Recovery key').fill(recoveryKey);
    await page.getByLabel('New passphrase', { exact: true }).fill(NEW_PASSPHRASE);
    await page.getByLabel('Type it again', { exact: true }).fill(NEW_PASSPHRASE);
    await page.getByRole('button', { name: 'Set new passphrase' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your new recovery key' })).toBeVisible();
    await expect.poll(() => seen.methods).toContain('device.disable');
    expect(seen.methods.indexOf('device.disable')).toBeGreaterThan(seen.methods.indexOf('vault.recover'));
  });
});

test.describe('replacing the recovery key', () => {
  test('needs the passphrase, shows a new key once, and only the new key recovers the vault', async ({
    freshApp: page,
  }) => {
    const firstKey = await createVaultThroughUi(page, TEST_PASSPHRASE);
    await acknowledgeRecoveryKey(page);
    await openSettings(page);

    await securityPanel(page).getByRole('button', { name: 'Replace recovery key…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replace recovery key' });
    await expect(dialog).toContainText('stops working');
    const current = dialog.getByLabel('Current passphrase', { exact: true });
    await expect(current).toBeFocused();
    await current.fill('not the passphrase at all');
    await dialog.getByRole('button', { name: 'Replace recovery key', exact: true }).click();
    await expect(dialog.getByRole('alert')).toHaveText(describeError('WRONG_PASSPHRASE'));
    await expect(current).toHaveValue('');
    await expect(current).toBeFocused();
    await expect(dialog.getByTestId('recovery-key')).toHaveCount(0);

    await current.fill(TEST_PASSPHRASE);
    await current.press('Enter');
    const shown = page.getByRole('dialog', { name: 'Your new recovery key' });
    await expect(shown.getByRole('heading', { name: 'Your new recovery key' })).toBeFocused();
    await expect(
      shown.getByText('Write this down and keep it somewhere safe; it is shown only once.'),
    ).toBeVisible();
    await expect(shown.getByText('Your old recovery key no longer works')).toBeVisible();
    const secondKey = await recoveryKeyOnScreen(page);
    expect(secondKey).toMatch(RECOVERY_KEY_SHAPE);
    expect(secondKey).not.toBe(firstKey);

    // Not closed by accident before the key is written down.
    await page.keyboard.press('Escape');
    await expect(shown).toBeVisible();
    const done = shown.getByRole('button', { name: 'Done' });
    await expect(done).toBeDisabled();
    await shown.getByText('I have written down my recovery key').click();
    await done.click();
    await expect(shown).toBeHidden();
    await expect(page.getByTestId('recovery-key-replaced')).toContainText('The old one no longer works');
    await expect(page.getByTestId('audit-table').getByRole('row').nth(1)).toContainText(
      'Recovery key replaced',
    );

    const oldKeyReply = await page.evaluate(
      ([recoveryKey, newPassphrase]) => window.outpost!.call('vault.recover', { recoveryKey, newPassphrase }),
      [firstKey, 'another long passphrase nobody guesses'] as const,
    );
    expect(oldKeyReply).toMatchObject({ error: { code: 'WRONG_RECOVERY_KEY' } });

    // The new key works where it matters: on the Unlock screen, passphrase forgotten.
    await lockButton(page).click();
    await page.getByRole('button', { name: 'Forgot your passphrase?' }).click();
    await page.getByLabel('Recovery key').fill(firstKey);
    await page.getByLabel('New passphrase', { exact: true }).fill(NEW_PASSPHRASE);
    await page.getByLabel('Type it again', { exact: true }).fill(NEW_PASSPHRASE);
    await page.getByRole('button', { name: 'Set new passphrase' }).click();
    await expect(page.getByRole('alert')).toHaveText(describeError('WRONG_RECOVERY_KEY'));
    await page.getByLabel('Recovery key').fill(secondKey);
    await page.getByRole('button', { name: 'Set new passphrase' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your new recovery key' })).toBeVisible();
    await acknowledgeRecoveryKey(page);
    expect(await coreVaultState(page)).toBe('unlocked');
  });
});

test.describe('damaged backup files', () => {
  test('are explained as the backup’s damage, and leave the open vault alone', async ({
    freshApp: page,
    freshHarness,
  }) => {
    const folder = freshHarness.dialogs.backupFolder!;
    await createVaultQuickly(page);
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, 'outpost-backup-2020-01-02T03-04-05Z.outpost-backup'),
      'Not an Outpost backup: these bytes only have the right name.',
    );
    await openSettings(page);
    const backups = page.getByRole('region', { name: 'Backups', exact: true });
    await backups.getByRole('button', { name: 'Choose…' }).click();
    await backups.getByRole('button', { name: 'Save backup settings' }).click();
    const list = page.getByTestId('backup-list');
    await expect(list.getByRole('row')).toHaveCount(2);

    await list.getByRole('button', { name: /^Verify/ }).click();
    const verify = page.getByRole('dialog', { name: 'Verify backup' });
    await verify.getByLabel('Passphrase of the backup', { exact: true }).fill(TEST_PASSPHRASE);
    await verify.getByRole('button', { name: 'Verify', exact: true }).click();
    await expect(verify.getByRole('alert')).toHaveText(describeError('BACKUP_CORRUPT'));
    await verify.getByRole('button', { name: 'Cancel' }).click();

    await list.getByRole('button', { name: /^Restore the backup made/ }).click();
    const restore = page.getByRole('dialog', { name: 'Restore from a backup' });
    await restore.getByLabel('Passphrase of the backup', { exact: true }).fill(TEST_PASSPHRASE);
    await restore.getByRole('button', { name: 'Restore…', exact: true }).click();
    await page.getByRole('button', { name: 'Lock and restore' }).click();
    await expect(restore.getByRole('alert')).toHaveText(describeError('BACKUP_CORRUPT'));

    // The vault itself is fine: no damaged-vault screen, still open.
    await expect(page.getByRole('heading', { name: 'Your vault file is damaged' })).toHaveCount(0);
    await expect(lockButton(page)).toBeVisible();
    expect(await coreVaultState(page)).toBe('unlocked');
    const status = await page.evaluate(() => window.outpost!.call('vault.status', {}));
    expect(status).toMatchObject({ result: { problem: null } });
  });
});
