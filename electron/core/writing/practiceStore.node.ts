/** Storage for practice attempts (migration 0006). SQL only; scoring lives in the service. */
import { z } from 'zod';
import { checkScoreSchema } from '../../../shared/rpc/writingSchemas.std.ts';
import type { PracticeAttempt, PracticeProgress } from '../../../shared/rpc/writingSchemas.std.ts';
import type { VaultDatabase } from '../storage/database.node.ts';

interface AttemptRow {
  id: string;
  message_id: string;
  total: number;
  checks: string;
  scoring_version: number;
  attempted_at: string;
}

const storedChecksSchema = z.array(checkScoreSchema);

function toAttempt(row: AttemptRow): PracticeAttempt {
  return {
    id: row.id,
    messageId: row.message_id,
    attemptedAt: row.attempted_at,
    total: row.total,
    checks: storedChecksSchema.parse(JSON.parse(row.checks)),
    scoringVersion: row.scoring_version,
  };
}

export function insertAttempt(db: VaultDatabase, attempt: PracticeAttempt, reply: string): void {
  db.prepare(
    `INSERT INTO practice_attempts (id, message_id, reply, total, checks, scoring_version, attempted_at)
     VALUES (@id, @messageId, @reply, @total, @checks, @scoringVersion, @attemptedAt)`,
  ).run({
    id: attempt.id,
    messageId: attempt.messageId,
    reply,
    total: attempt.total,
    checks: JSON.stringify(attempt.checks),
    scoringVersion: attempt.scoringVersion,
    attemptedAt: attempt.attemptedAt,
  });
}

export function listRecentAttempts(db: VaultDatabase, limit: number): PracticeAttempt[] {
  const rows = db
    .prepare(
      `SELECT id, message_id, total, checks, scoring_version, attempted_at
       FROM practice_attempts ORDER BY attempted_at DESC, rowid DESC LIMIT ?`,
    )
    .all(limit) as AttemptRow[];
  return rows.map(toAttempt);
}

/** Per message: attempts, the best total (its earliest date on a tie) and the latest attempt's date. */
export function progressByMessage(db: VaultDatabase): PracticeProgress['messages'] {
  const rows = db
    .prepare(
      `SELECT message_id AS messageId,
              count(*) AS attempts,
              max(total) AS bestTotal,
              max(attempted_at) AS lastAt,
              (SELECT min(b.attempted_at) FROM practice_attempts b
                WHERE b.message_id = a.message_id
                  AND b.total = (SELECT max(total) FROM practice_attempts c WHERE c.message_id = a.message_id)
              ) AS bestAt
       FROM practice_attempts a
       GROUP BY message_id
       ORDER BY lastAt DESC, messageId`,
    )
    .all() as PracticeProgress['messages'];
  return rows;
}

export function countAttempts(db: VaultDatabase): number {
  return db.prepare('SELECT count(*) FROM practice_attempts').pluck().get() as number;
}
