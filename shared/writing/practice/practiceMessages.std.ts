/**
 * Practice messages for the Writing help page's practice mode: written for Outpost, not
 * client data. Validated with zod when loaded, so a bad edit fails loudly and early.
 */
import { z } from 'zod';
import { TIERS } from '../../triage/rulesSchema.std.ts';
import practiceFile from './practiceMessages.json' with { type: 'json' };

export const PRACTICE_CONTEXTS = ['career_guidance', 'distance_counselling'] as const;
export const PRACTICE_CHANNELS = ['email', 'chat', 'sms', 'social_dm', 'web_form'] as const;

export const practiceMessageSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{3,60}$/),
  title: z.string().min(3).max(80),
  context: z.enum(PRACTICE_CONTEXTS),
  channel: z.enum(PRACTICE_CHANNELS),
  /** The tier the author meant; the app shows what triage makes of it. */
  risk: z.enum(TIERS),
  /** The feelings the author wrote into it, in plain words (for checking the model, not shown as answers). */
  feelings: z.array(z.string().min(1).max(40)).min(1).max(5),
  text: z.string().min(20).max(2000),
});
export type PracticeMessage = z.infer<typeof practiceMessageSchema>;

export const practiceFileSchema = z
  .strictObject({
    version: z.number().int().positive(),
    note: z.string(),
    messages: z.array(practiceMessageSchema).min(24),
  })
  .refine((file) => new Set(file.messages.map((message) => message.id)).size === file.messages.length, {
    message: 'Practice message ids must be unique.',
  });

let cached: PracticeMessage[] | null = null;

/** The shipped practice messages, validated once. */
export function practiceMessages(): readonly PracticeMessage[] {
  cached ??= practiceFileSchema.parse(practiceFile).messages;
  return cached;
}
