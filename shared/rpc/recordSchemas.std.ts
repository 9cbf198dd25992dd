import { z } from 'zod';
import { CONSENT_KINDS, CONSENT_METHODS, MODALITIES } from '../domain/consent.std.ts';

/** Schemas for clients, consent records and session notes, used by the contract. */
const isoTime = z.iso.datetime({ offset: true });
const id = z.uuid();
const shortText = z.string().trim().min(1).max(200);
const longText = z.string().max(100_000);

export const levelSchema = z.enum(['high', 'low']);
export const modalitySchema = z.enum(MODALITIES);
export const consentKindSchema = z.enum(CONSENT_KINDS);
export const consentStatusSchema = z.enum(['active', 'expiring_soon', 'expired', 'withdrawn', 'missing']);

export const channelSchema = z.strictObject({
  kind: z.enum(['email', 'phone', 'chat', 'social']),
  value: shortText,
});

export const clientInputSchema = z.strictObject({
  /** A name, or an alias for a client who gives no more. */
  displayName: shortText,
  pseudonymous: z.boolean(),
  legalName: shortText.nullable().default(null),
  channels: z.array(channelSchema).max(20).default([]),
  capability: levelSchema.nullable().default(null),
  complexity: levelSchema.nullable().default(null),
  readinessNotes: z.string().max(4000).default(''),
  assignedPractitioner: shortText.nullable().default(null),
  tags: z.array(z.string().trim().min(1).max(40)).max(30).default([]),
});

export const clientSchema = z.strictObject({
  id,
  displayName: z.string(),
  pseudonymous: z.boolean(),
  legalName: z.string().nullable(),
  channels: z.array(channelSchema),
  capability: levelSchema.nullable(),
  complexity: levelSchema.nullable(),
  readinessNotes: z.string(),
  serviceLevel: z
    .strictObject({
      level: z.enum(['self_help', 'brief_staff_assisted', 'individual_case_managed']),
      readiness: z.enum(['high', 'moderate', 'low']),
      explanation: z.string(),
    })
    .nullable(),
  assignedPractitioner: z.string().nullable(),
  status: z.enum(['active', 'archived']),
  tags: z.array(z.string()),
  createdAt: isoTime,
  updatedAt: isoTime,
  lastActivityAt: isoTime,
});
export type Client = z.infer<typeof clientSchema>;

export const consentTemplateSchema = z.strictObject({
  id,
  kind: consentKindSchema,
  version: z.number().int().positive(),
  title: z.string(),
  body: z.string(),
  checklist: z.array(z.strictObject({ key: z.string(), label: z.string() })),
  createdAt: isoTime,
});
export type ConsentTemplate = z.infer<typeof consentTemplateSchema>;

export const consentRecordSchema = z.strictObject({
  id,
  clientId: id,
  templateId: id,
  templateVersion: z.number().int(),
  kind: consentKindSchema,
  modalities: z.array(modalitySchema),
  givenAt: isoTime,
  method: z.enum(CONSENT_METHODS),
  explained: z.array(z.string()),
  expiresAt: isoTime.nullable(),
  withdrawnAt: isoTime.nullable(),
  withdrawalReason: z.string().nullable(),
  evidence: z.strictObject({ name: z.string(), sha256: z.string(), bytes: z.number().int() }).nullable(),
  status: consentStatusSchema,
});
export type ConsentRecord = z.infer<typeof consentRecordSchema>;

export const noteSchema = z.strictObject({
  id,
  clientId: id,
  templateKey: z.string(),
  modality: modalitySchema,
  synchronous: z.boolean(),
  sessionAt: isoTime,
  durationMinutes: z.number().int().nullable(),
  content: z.record(z.string(), z.string()),
  status: z.enum(['draft', 'signed']),
  consentOverride: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  signedAt: isoTime.nullable(),
  signedBy: z.string().nullable(),
  contentHash: z.string().nullable(),
  cosignedAt: isoTime.nullable(),
  cosignedBy: z.string().nullable(),
  addenda: z.array(
    z.strictObject({ id, text: z.string(), author: z.string().nullable(), createdAt: isoTime }),
  ),
});
export type Note = z.infer<typeof noteSchema>;

export const taskSchema = z.strictObject({
  id,
  clientId: id,
  noteId: id.nullable(),
  title: z.string(),
  dueOn: z.iso.date(),
  doneAt: isoTime.nullable(),
});
export type Task = z.infer<typeof taskSchema>;

export const noteDraftInputSchema = z.strictObject({
  clientId: id,
  templateKey: z.string().min(1).max(60),
  modality: modalitySchema,
  synchronous: z.boolean(),
  sessionAt: isoTime,
  durationMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .nullable()
    .default(null),
  /** Required when the consent the modality needs is not in force (e.g. a crisis contact); audited. */
  consentOverride: z.string().trim().min(5).max(500).nullable().default(null),
});

export const searchHitSchema = z.strictObject({
  kind: z.enum(['note', 'client', 'message']),
  refId: z.string(),
  clientId: z.string().nullable(),
  title: z.string(),
  /** Matched words are wrapped in \u0002 … \u0003 so the UI can mark them without parsing HTML. */
  snippet: z.string(),
});

export const timelineEntrySchema = z.strictObject({
  at: isoTime,
  kind: z.enum(['note', 'addendum', 'consent_given', 'consent_withdrawn', 'task', 'client_created']),
  refId: z.string(),
  title: z.string(),
  detail: z.string(),
});

export { id as idSchema, isoTime as isoTimeSchema, longText as longTextSchema };
