/** RPC shapes for writing help: emotion analysis of a text, and practice mode. */
import { z } from 'zod';
import { SENTIMENTS } from '../emotions/emotionModel.std.ts';
import { COACH_CHECKS } from '../writing/draftCoach.std.ts';
import { PRACTICE_CHANNELS, PRACTICE_CONTEXTS } from '../writing/practice/practiceMessages.std.ts';
import { SAFETY_CHECKLIST_ITEM_IDS } from '../domain/safetyChecklist.std.ts';
import { triageResultSchema } from './messageSchemas.std.ts';

const isoTime = z.iso.datetime({ offset: true });
const practiceIdSchema = z.string().regex(/^[a-z0-9-]{3,60}$/);

/** Longest text `writing.analyse` reads, in UTF-16 code units (a long email is about 5,000). */
export const ANALYSE_TEXT_MAX = 20_000;
/** Longest practice reply kept. */
export const PRACTICE_REPLY_MAX = 20_000;

export const analyseInputSchema = z.strictObject({
  text: z
    .string()
    .max(ANALYSE_TEXT_MAX, { error: `Emotion analysis reads at most ${ANALYSE_TEXT_MAX} characters.` }),
});

export const emotionAnalysisSchema = z.strictObject({
  /** GoEmotions labels at or above their thresholds; ["neutral"] when none is. */
  labels: z.array(z.string()),
  /** Every label's probability, 0..1. */
  scores: z.record(z.string(), z.number().min(0).max(1)),
  /** Ekman groups (and neutral) at or above their thresholds. */
  ekman: z.array(z.string()),
  sentiment: z.enum(SENTIMENTS),
  /** Words and phrases that pushed a detected label up; offsets are UTF-16 indices into the text. */
  evidence: z.array(
    z.strictObject({
      start: z.number().int().nonnegative(),
      end: z.number().int().nonnegative(),
      text: z.string(),
      label: z.string(),
      weight: z.number(),
    }),
  ),
});
export type EmotionAnalysisResult = z.infer<typeof emotionAnalysisSchema>;

export const practiceMessageViewSchema = z.strictObject({
  id: practiceIdSchema,
  title: z.string(),
  context: z.enum(PRACTICE_CONTEXTS),
  channel: z.enum(PRACTICE_CHANNELS),
  text: z.string(),
  /** What the shipped triage rules make of the message, as for a real one. */
  triage: triageResultSchema,
  needsSafetyChecklist: z.boolean(),
});
export type PracticeMessageView = z.infer<typeof practiceMessageViewSchema>;

export const checkScoreSchema = z.strictObject({
  id: z.enum(COACH_CHECKS),
  status: z.enum(['pass', 'warn', 'fail', 'not_applicable']),
  points: z.number().min(0),
  max: z.number().min(0),
});

export const practiceAttemptSchema = z.strictObject({
  id: z.string(),
  messageId: practiceIdSchema,
  attemptedAt: isoTime,
  total: z.number().int().min(0).max(100),
  checks: z.array(checkScoreSchema),
  scoringVersion: z.number().int(),
});
export type PracticeAttempt = z.infer<typeof practiceAttemptSchema>;

export const saveAttemptInputSchema = z.strictObject({
  messageId: practiceIdSchema,
  reply: z
    .string()
    .trim()
    .min(1, { error: 'Write a reply before saving the attempt.' })
    .max(PRACTICE_REPLY_MAX, { error: `A practice reply may be at most ${PRACTICE_REPLY_MAX} characters.` }),
  /** Required complete for a message whose triage needs the safety checklist, as for a real reply. */
  checklist: z.partialRecord(z.enum(SAFETY_CHECKLIST_ITEM_IDS), z.boolean()).nullable().default(null),
});

export const practiceProgressSchema = z.strictObject({
  /** One row per practice message attempted at least once. */
  messages: z.array(
    z.strictObject({
      messageId: practiceIdSchema,
      attempts: z.number().int().positive(),
      bestTotal: z.number().int().min(0).max(100),
      bestAt: isoTime,
      lastAt: isoTime,
    }),
  ),
  /** The latest attempts, newest first. */
  recent: z.array(practiceAttemptSchema),
  totalAttempts: z.number().int().nonnegative(),
});
export type PracticeProgress = z.infer<typeof practiceProgressSchema>;
