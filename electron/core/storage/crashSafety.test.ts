/**
 * Crash safety: a writer killed with SIGKILL mid-commit (and, in the second test, mid-
 * checkpoint) must never lose a write it acknowledged, and the database must reopen
 * intact with an unbroken audit chain every time.
 */
import { describe, expect, it } from 'vitest';
import { runCheckpointSoak } from '../vault/testing/checkpointSoak.node.ts';
import { runCrashSoak } from './testing/crashSoak.node.ts';

describe('crash safety under SIGKILL', () => {
  it('loses no acknowledged write over 20 kills mid-commit', async () => {
    const report = await runCrashSoak({ kills: 20 });
    expect(report).toMatchObject({ kills: 20, lost: 0, integrity: 'ok', auditChain: 'ok' });
    expect(report.acknowledged).toBeGreaterThan(0);
  }, 180_000);

  it('loses no acknowledged write over 20 kills inside commits with autocheckpoint and TRUNCATE checkpoints', async () => {
    const report = await runCheckpointSoak({ kills: 20 });
    expect(report).toMatchObject({ kills: 20, lost: 0, integrity: 'ok', auditChain: 'ok' });
    expect(report.acknowledged).toBeGreaterThan(0);
    // Coverage, not luck: most kills must land before the armed operation returns (each
    // is timed within the writer's own commit time, once its watchdog is waiting).
    expect(report.killsInsideOperation).toBeGreaterThanOrEqual(10);
  }, 180_000);
});
