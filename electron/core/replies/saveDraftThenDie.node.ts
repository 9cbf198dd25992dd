/**
 * Test helper run as a child process by replyService.test.ts: unlocks the vault, saves a
 * reply draft, says so on stdout, then kills itself with SIGKILL — no close, no flush,
 * no checkpoint — so the test can check the draft survived a crash.
 *
 * Usage: node saveDraftThenDie.node.ts <vaultDir> <messageId> <body>
 */
import { createCore } from '../core.node.ts';
import { connectInProcess } from '../host.node.ts';
import { TEST_PASSPHRASE } from '../testing/openVault.node.ts';

const [vaultDir, messageId, body] = process.argv.slice(2);
if (vaultDir === undefined || messageId === undefined || body === undefined) {
  throw new Error('usage: saveDraftThenDie.node.ts <vaultDir> <messageId> <body>');
}
const connection = connectInProcess(
  createCore({ name: 'Outpost', version: 'test', runtime: 'test', vaultDir }),
);
const unlocked = await connection.call('vault.unlock', { passphrase: TEST_PASSPHRASE });
if ('error' in unlocked) throw new Error(unlocked.error.code);
const saved = await connection.call('replies.saveDraft', { messageId, body });
if ('error' in saved) throw new Error(saved.error.code);
process.stdout.write('saved\n', () => process.kill(process.pid, 'SIGKILL'));
