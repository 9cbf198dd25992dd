import { z } from 'zod';
import {
  analyseInputSchema,
  emotionAnalysisSchema,
  practiceAttemptSchema,
  practiceMessageViewSchema,
  practiceProgressSchema,
  saveAttemptInputSchema,
} from './writingSchemas.std.ts';
import { responseTargetsSchema } from '../domain/responseTargets.std.ts';
import { crisisResourcesSchema } from '../domain/crisisResources.std.ts';
import {
  csvMappingSchema,
  fileReportSchema,
  messageChannelSchema,
  messageDetailSchema,
  messageStatusSchema,
  queueCountsSchema,
  queueCursorSchema,
  queueFilterSchema,
  queueItemSchema,
  tierSchema,
} from './messageSchemas.std.ts';
import {
  clientInputSchema,
  clientSchema,
  consentKindSchema,
  consentRecordSchema,
  consentStatusSchema,
  consentTemplateSchema,
  idSchema,
  isoTimeSchema,
  modalitySchema,
  noteDraftInputSchema,
  noteSchema,
  searchHitSchema,
  taskSchema,
  timelineEntrySchema,
} from './recordSchemas.std.ts';
import { CONSENT_METHODS } from '../domain/consent.std.ts';
import {
  acceptInputSchema,
  acceptOutputSchema,
  decideReviewInputSchema,
  exchangeProgressSchema,
  exportReviewDecisionsInputSchema,
  exportReviewRequestsInputSchema,
  exportPreviewSchema,
  exportSummariesInputSchema,
  exportSummariesOutputSchema,
  exportVaultTransferInputSchema,
  exportVaultTransferOutputSchema,
  identityOutputSchema,
  importVaultTransferInputSchema,
  importVaultTransferOutputSchema,
  importedSummarySchema,
  inspectInputSchema,
  inspectionSchema,
  reviewRequestSchema,
  summarySelectionSchema,
  supervisionExportOutputSchema,
  teamMemberSchema,
  teamRoleSchema,
  vaultTransferInspectionSchema,
  vaultTransferSourceSchema,
} from './exchangeSchemas.std.ts';
import { analyticsCsvSchema, analyticsPeriodSchema, analyticsSummarySchema } from './analyticsSchemas.std.ts';
import { addMessageInputSchema, csvInspectionSchema, importProgressSchema } from './messageSchemas.std.ts';
import { safetyChecklistSchema } from '../domain/safetyChecklist.std.ts';
import {
  exportedReplySchema,
  outboxItemSchema,
  REPLY_BODY_MAX,
  REPLY_SUBJECT_MAX,
  replySchema,
} from './replySchemas.std.ts';

/**
 * The one contract between the UI and the core. Every method names its input and
 * output schema; the core validates inputs (and its own outputs) against it and the
 * renderer's client takes its types from it. Add a method here first.
 */
/** Why the app asks the person to choose a folder; the host words its dialog for each. */
export const FOLDER_PURPOSES = ['backup', 'reply-export', 'watch-folder', 'exchange-export'] as const;
export type FolderPurpose = (typeof FOLDER_PURPOSES)[number];

export const VAULT_STATES = ['absent', 'locked', 'unlocked'] as const;
export const vaultStateSchema = z.enum(VAULT_STATES);
export type VaultState = z.infer<typeof vaultStateSchema>;

const noInput = z.strictObject({});

/** Long enough for a diceware sentence, short enough to bound the KDF input. */
const passphrase = z.string().min(1).max(1024);
const recoveryKey = z.string().min(1).max(200);
const filePath = z.string().min(1).max(4096);
const isoTime = z.iso.datetime({ offset: true });

export const LOCK_REASONS = ['manual', 'idle', 'suspend', 'screen-lock', 'shutdown'] as const;
export const lockReasonSchema = z.enum(LOCK_REASONS);
export type LockReason = z.infer<typeof lockReasonSchema>;

/** What the audit log records. Details never hold client content, only ids, counts and reasons. */
export const AUDIT_ACTIONS = [
  'vault.created',
  'vault.unlocked',
  'vault.unlock_failed',
  'vault.locked',
  'vault.passphrase_changed',
  'vault.recovered',
  'vault.recovery_key_replaced',
  'vault.device_unlock_enabled',
  'vault.device_unlock_disabled',
  'vault.settings_changed',
  'vault.migrated',
  'backup.created',
  'backup.restored',
  'audit.exported',
  'record.created',
  'record.updated',
  'record.signed',
  'record.deleted',
  'client.erased',
  'consent.changed',
  'consent.override',
  'import.completed',
  'export.completed',
  'message.tier_overridden',
  'message.retriaged',
  'exchange.identity_created',
  'exchange.member_added',
  'exchange.member_verified',
  'exchange.member_removed',
  'exchange.exported',
  'exchange.imported',
  'reply.ready',
  'reply.exported',
  'reply.sent',
  'reply.returned',
  'reply.review_requested',
  'reply.discarded',
] as const;
export const auditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditActionSchema>;

export const auditDetailsSchema = z.record(
  z.string().max(40),
  z.union([z.string().max(200), z.number(), z.boolean(), z.null()]),
);
export type AuditDetails = z.infer<typeof auditDetailsSchema>;

export const auditEntrySchema = z.strictObject({
  seq: z.number().int().positive(),
  at: isoTime,
  action: auditActionSchema,
  clientId: z.string().nullable(),
  details: auditDetailsSchema,
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditFilterSchema = z.strictObject({
  from: isoTime.optional(),
  to: isoTime.optional(),
  actions: z.array(auditActionSchema).max(AUDIT_ACTIONS.length).optional(),
  clientId: z.string().max(100).optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const vaultSettingsSchema = z.strictObject({
  /** 0 turns auto-lock off. */
  autoLockMinutes: z.number().int().min(0).max(240),
  backupFolder: filePath.nullable(),
  /** Hours between scheduled backups while unlocked; null means no schedule. */
  backupEveryHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .nullable(),
  /** How many scheduled backups to keep in the folder; older ones are removed. */
  backupKeep: z.number().int().min(1).max(365),
  /** Signs notes and addenda; the vault has one practitioner. */
  practitionerName: z.string().trim().max(120),
  /** A consent expiring within this many days shows as "expiring soon". */
  consentWarningDays: z.number().int().min(1).max(365),
  /** Target first-response time per triage tier; a message's due time follows from it. */
  responseTargets: responseTargetsSchema,
  /** Emergency numbers and crisis lines per region, shown with crisis alerts. */
  crisisResources: crisisResourcesSchema,
  /** While unlocked, files dropped in this folder are imported (then moved to imported/ or failed/). */
  watchFolder: filePath.nullable(),
  /** Supervision: replies go to a supervisor for review (replies.submitForReview) instead of the outbox. */
  repliesNeedReview: z.boolean(),
});
export type VaultSettings = z.infer<typeof vaultSettingsSchema>;

export const passphraseAssessmentSchema = z.strictObject({
  score: z.number().int().min(0).max(4),
  acceptable: z.boolean(),
  minimumScore: z.number().int(),
  minimumLength: z.number().int(),
  warning: z.string().nullable(),
  suggestions: z.array(z.string()),
  crackTime: z.string(),
});
export type PassphraseAssessment = z.infer<typeof passphraseAssessmentSchema>;

const backupSummary = z.strictObject({
  file: z.string(),
  bytes: z.number().int().nonnegative(),
  createdAt: isoTime,
});

export const contract = {
  'app.info': {
    input: noInput,
    output: z.strictObject({
      name: z.string(),
      version: z.string(),
      platform: z.string(),
      arch: z.string(),
      runtime: z.string(),
      vaultState: vaultStateSchema,
    }),
  },

  'vault.status': {
    input: noInput,
    output: z.strictObject({
      state: vaultStateSchema,
      /** Set while unlocked, so the UI can run its idle timer. */
      autoLockMinutes: z.number().int().nullable(),
      /** After repeated wrong passphrases the next attempt is held back this long. */
      unlockDelayMs: z.number().int().nonnegative(),
      /** Why the vault cannot be used, when the last open found it damaged or too new. */
      problem: z.enum(['corrupt', 'too_new']).nullable(),
    }),
  },
  'vault.assessPassphrase': { input: z.strictObject({ passphrase }), output: passphraseAssessmentSchema },
  'vault.create': {
    /** A demo vault may be filled with synthetic data by `outpost demo`; a practice vault never. */
    input: z.strictObject({ passphrase, purpose: z.enum(['practice', 'demo']).default('practice') }),
    /** Shown once; only a key wrapped by it is stored. */
    output: z.strictObject({ recoveryKey: z.string() }),
  },
  'vault.unlock': {
    input: z.strictObject({ passphrase }),
    output: z.strictObject({ state: vaultStateSchema }),
  },
  'vault.recover': {
    input: z.strictObject({ recoveryKey, newPassphrase: passphrase }),
    /** The used recovery key is retired; this replacement is shown once. */
    output: z.strictObject({ recoveryKey: z.string() }),
  },
  'vault.rotateRecoveryKey': {
    /** Proves it is the owner at the keyboard before a new key is shown. */
    input: z.strictObject({ passphrase }),
    output: z.strictObject({ recoveryKey: z.string() }),
  },
  'vault.lock': {
    input: z.strictObject({ reason: lockReasonSchema }),
    output: z.strictObject({ state: vaultStateSchema }),
  },
  'vault.changePassphrase': {
    input: z.strictObject({ currentPassphrase: passphrase, newPassphrase: passphrase }),
    output: z.strictObject({}),
  },
  'vault.getSettings': { input: noInput, output: vaultSettingsSchema },
  'vault.updateSettings': { input: vaultSettingsSchema.partial(), output: vaultSettingsSchema },
  'vault.checkIntegrity': {
    input: noInput,
    output: z.strictObject({ ok: z.boolean(), problems: z.array(z.string()) }),
  },

  'backup.create': { input: z.strictObject({ folder: filePath }), output: backupSummary },
  'backup.cancel': { input: noInput, output: z.strictObject({ cancelled: z.boolean() }) },
  'backup.list': { input: noInput, output: z.strictObject({ backups: z.array(backupSummary) }) },
  'backup.verify': {
    input: z.strictObject({ file: filePath, passphrase }),
    output: z.strictObject({ ok: z.literal(true), createdAt: isoTime, auditEntries: z.number().int() }),
  },
  'backup.restore': {
    input: z.strictObject({ file: filePath, passphrase }),
    /** A vault already here is moved aside, never deleted; the restored one starts locked. */
    output: z.strictObject({ state: vaultStateSchema, setAside: z.string().nullable() }),
  },

  'audit.list': {
    input: z.strictObject({
      filter: auditFilterSchema.optional(),
      limit: z.number().int().min(1).max(500).default(100),
      beforeSeq: z.number().int().positive().optional(),
    }),
    output: z.strictObject({ entries: z.array(auditEntrySchema), hasMore: z.boolean() }),
  },
  'audit.verify': {
    input: noInput,
    output: z.strictObject({
      ok: z.boolean(),
      checked: z.number().int(),
      firstBroken: z.strictObject({ seq: z.number().int(), reason: z.string() }).nullable(),
    }),
  },
  'audit.exportCsv': {
    input: z.strictObject({ filter: auditFilterSchema.optional() }),
    output: z.strictObject({ csv: z.string(), rows: z.number().int() }),
  },

  'clients.list': {
    input: z.strictObject({
      status: z.enum(['active', 'archived', 'all']).default('active'),
      tag: z.string().max(40).optional(),
      limit: z.number().int().min(1).max(1000).default(200),
      offset: z.number().int().min(0).default(0),
    }),
    output: z.strictObject({ clients: z.array(clientSchema), total: z.number().int() }),
  },
  'clients.get': { input: z.strictObject({ id: idSchema }), output: clientSchema },
  'clients.create': { input: clientInputSchema, output: clientSchema },
  'clients.update': {
    input: z.strictObject({ id: idSchema, changes: clientInputSchema.partial() }),
    output: clientSchema,
  },
  'clients.setArchived': {
    input: z.strictObject({ id: idSchema, archived: z.boolean() }),
    output: clientSchema,
  },
  /** Removes every row and index entry of the client; the audit log keeps only that it happened. */
  'clients.erase': {
    input: z.strictObject({ id: idSchema, confirmDisplayName: z.string().max(200) }),
    output: z.strictObject({ erased: z.literal(true) }),
  },
  'clients.retentionCandidates': {
    input: z.strictObject({ inactiveYears: z.number().int().min(1).max(100) }),
    output: z.strictObject({
      candidates: z.array(
        z.strictObject({ id: idSchema, displayName: z.string(), lastActivityAt: isoTimeSchema }),
      ),
    }),
  },
  'clients.timeline': {
    input: z.strictObject({ id: idSchema }),
    output: z.strictObject({ entries: z.array(timelineEntrySchema) }),
  },

  'consent.templates': {
    input: noInput,
    output: z.strictObject({ templates: z.array(consentTemplateSchema) }),
  },
  /** Saving changes makes a new version; records keep pointing at the version they were given under. */
  'consent.saveTemplate': {
    input: z.strictObject({
      kind: consentKindSchema,
      title: z.string().trim().min(1).max(200),
      body: z.string().min(1).max(50_000),
      checklist: z
        .array(z.strictObject({ key: z.string().min(1).max(40), label: z.string().min(1).max(200) }))
        .max(40),
    }),
    output: consentTemplateSchema,
  },
  'consent.compareTemplates': {
    input: z.strictObject({ fromId: idSchema, toId: idSchema }),
    output: z.strictObject({
      changes: z.array(z.strictObject({ change: z.enum(['added', 'removed', 'same']), text: z.string() })),
    }),
  },
  'consent.record': {
    input: z.strictObject({
      clientId: idSchema,
      templateId: idSchema,
      givenAt: isoTimeSchema,
      method: z.enum(CONSENT_METHODS),
      modalities: z.array(modalitySchema).max(6).default([]),
      explained: z.array(z.string().max(40)).max(40).default([]),
      expiresAt: isoTimeSchema.nullable().default(null),
      /** A scan or signed form, at most 10 MB, stored encrypted with its hash. */
      evidence: z
        .strictObject({ name: z.string().min(1).max(200), base64: z.base64().max(14_000_000) })
        .nullable()
        .default(null),
    }),
    output: consentRecordSchema,
  },
  /** The evidence file, checked against its stored hash before it is handed out. */
  'consent.evidence': {
    input: z.strictObject({ id: idSchema }),
    output: z.strictObject({ name: z.string(), base64: z.base64(), sha256: z.string() }),
  },
  'consent.withdraw': {
    input: z.strictObject({
      id: idSchema,
      withdrawnAt: isoTimeSchema.optional(),
      reason: z.string().trim().min(1).max(1000),
    }),
    output: consentRecordSchema,
  },
  'consent.forClient': {
    input: z.strictObject({ clientId: idSchema }),
    output: z.strictObject({
      records: z.array(consentRecordSchema),
      byKind: z.record(consentKindSchema, consentStatusSchema),
    }),
  },
  'consent.reminders': {
    input: noInput,
    output: z.strictObject({
      expiringSoon: z.array(consentRecordSchema.extend({ clientName: z.string() })),
      withoutConsent: z.array(z.strictObject({ clientId: idSchema, clientName: z.string() })),
    }),
  },

  'notes.templates': {
    input: noInput,
    output: z.strictObject({
      templates: z.array(
        z.strictObject({
          key: z.string(),
          name: z.string(),
          builtin: z.boolean(),
          sections: z.array(z.strictObject({ key: z.string(), label: z.string(), hint: z.string() })),
        }),
      ),
    }),
  },
  'notes.saveTemplate': {
    input: z.strictObject({
      name: z.string().trim().min(1).max(80),
      sections: z
        .array(
          z.strictObject({
            key: z.string().regex(/^[a-z0-9_]{1,40}$/),
            label: z.string().min(1).max(80),
            hint: z.string().max(300),
          }),
        )
        .min(1)
        .max(20),
    }),
    output: z.strictObject({ key: z.string() }),
  },
  'notes.createDraft': { input: noteDraftInputSchema, output: noteSchema },
  /** Autosave: called about a second after typing stops. */
  'notes.saveDraft': {
    input: z.strictObject({
      id: idSchema,
      content: z.record(z.string().max(40), z.string().max(100_000)),
      durationMinutes: z.number().int().min(0).max(1440).nullable().optional(),
    }),
    output: z.strictObject({ savedAt: isoTimeSchema }),
  },
  'notes.get': { input: z.strictObject({ id: idSchema }), output: noteSchema },
  'notes.forClient': {
    input: z.strictObject({ clientId: idSchema }),
    output: z.strictObject({ notes: z.array(noteSchema) }),
  },
  'notes.deleteDraft': { input: z.strictObject({ id: idSchema }), output: z.strictObject({}) },
  'notes.sign': { input: z.strictObject({ id: idSchema }), output: noteSchema },
  'notes.addAddendum': {
    input: z.strictObject({ id: idSchema, text: z.string().trim().min(1).max(20_000) }),
    output: noteSchema,
  },
  'notes.cosign': {
    input: z.strictObject({ id: idSchema, supervisorName: z.string().trim().min(1).max(120) }),
    output: noteSchema,
  },

  'tasks.create': {
    input: z.strictObject({
      clientId: idSchema,
      noteId: idSchema.nullable().default(null),
      title: z.string().trim().min(1).max(300),
      dueOn: z.iso.date(),
    }),
    output: taskSchema,
  },
  'tasks.complete': { input: z.strictObject({ id: idSchema }), output: taskSchema },
  'tasks.list': {
    input: z.strictObject({ clientId: idSchema.optional(), openOnly: z.boolean().default(true) }),
    output: z.strictObject({ tasks: z.array(taskSchema) }),
  },

  'messages.import': {
    input: z.strictObject({
      files: z.array(filePath).min(1).max(200),
      defaultChannel: messageChannelSchema.optional(),
      csvMapping: csvMappingSchema.optional(),
    }),
    output: z.strictObject({ files: z.array(fileReportSchema) }),
  },
  'messages.queue': {
    input: z.strictObject({
      filter: queueFilterSchema.default({}),
      limit: z.number().int().min(1).max(500).default(50),
      after: queueCursorSchema.optional(),
    }),
    output: z.strictObject({ items: z.array(queueItemSchema), next: queueCursorSchema.nullable() }),
  },
  'messages.queueCounts': {
    input: z.strictObject({ filter: queueFilterSchema.default({}) }),
    output: queueCountsSchema,
  },
  'messages.get': { input: z.strictObject({ id: idSchema }), output: messageDetailSchema },
  'messages.setStatus': {
    input: z.strictObject({
      ids: z.array(idSchema).min(1).max(1000),
      status: messageStatusSchema,
      assignee: z.string().trim().max(120).nullable().optional(),
      snoozedUntil: isoTime.nullable().optional(),
    }),
    output: z.strictObject({ updated: z.number().int() }),
  },
  'messages.overrideTier': {
    input: z.strictObject({ id: idSchema, tier: tierSchema, reason: z.string().trim().min(3).max(1000) }),
    output: z.strictObject({ ok: z.literal(true) }),
  },
  'messages.retriage': {
    input: noInput,
    output: z.strictObject({
      rulesVersion: z.string(),
      retriaged: z.number().int(),
      changed: z.number().int(),
    }),
  },

  /** A message typed or pasted in: triaged, de-duplicated and linked like an import. */
  'messages.add': {
    input: addMessageInputSchema,
    output: z.strictObject({
      /** The stored message; for a duplicate, the message already here. */
      id: idSchema,
      duplicate: z.boolean(),
      tier: tierSchema,
    }),
  },
  /**
   * Arrivals no window saw (`outpost import` while the app was closed), once: the app takes
   * them at unlock and raises the crisis alert for the crisis ids still at that tier.
   */
  'messages.takeUnseenArrivals': {
    input: noInput,
    output: z.strictObject({ count: z.number().int().nonnegative(), crisis: z.array(idSchema) }),
  },
  /**
   * An import is about to start (the import dialog opened): the core gets ready for it, so
   * the files chosen then are read at once. Answers at once; touches no data.
   */
  'messages.prepareImport': { input: noInput, output: z.strictObject({}) },
  /** Stops the running messages.import: the file being read is rolled back, finished files stay. */
  'messages.cancelImport': { input: noInput, output: z.strictObject({ cancelled: z.boolean() }) },
  /** The column-mapping step: headers, a few rows, the remembered and the guessed mapping. */
  'messages.inspectCsv': { input: z.strictObject({ file: filePath }), output: csvInspectionSchema },

  /** The open (unsent) reply to a message, else the last sent one, else null. */
  'replies.get': { input: z.strictObject({ messageId: idSchema }), output: replySchema.nullable() },
  /** Autosave: creates the message's open reply or updates it; durable once it returns. */
  'replies.saveDraft': {
    input: z.strictObject({
      messageId: idSchema,
      body: z.string().max(REPLY_BODY_MAX, `A reply can be at most ${REPLY_BODY_MAX} characters.`),
      subject: z.string().trim().max(REPLY_SUBJECT_MAX).nullable().optional(),
    }),
    output: replySchema,
  },
  /** Sends a draft to a supervisor; it comes back as outbox (approved) or draft (with comments). */
  'replies.submitForReview': {
    /** A reply to a risk message needs the complete checklist here too: approval sends it to the outbox. */
    input: z.strictObject({ id: idSchema, checklist: safetyChecklistSchema.optional() }),
    output: replySchema,
  },
  /**
   * Moves the reply to the outbox. Refused with SAFETY_CHECKLIST_INCOMPLETE when the
   * message's triage shows risk (replyNeedsSafetyChecklist) and the checklist is not complete.
   */
  'replies.markReady': {
    input: z.strictObject({ id: idSchema, checklist: safetyChecklistSchema.optional() }),
    output: replySchema,
  },
  /** Takes an unsent reply (outbox or awaiting review) back to draft. */
  'replies.returnToDraft': { input: z.strictObject({ id: idSchema }), output: replySchema },
  /** Removes a draft that was never sent. */
  'replies.discardDraft': { input: z.strictObject({ id: idSchema }), output: z.strictObject({}) },
  /** Replies ready to send, oldest first, with where each goes. */
  'replies.outbox': { input: noInput, output: z.strictObject({ items: z.array(outboxItemSchema) }) },
  /** One RFC 5322 .eml per reply into the folder (never overwriting); sets exportedAt. */
  'replies.exportEml': {
    input: z.strictObject({ ids: z.array(idSchema).min(1).max(1000), folder: filePath }),
    output: z.strictObject({ files: z.array(exportedReplySchema) }),
  },
  /** Records that the replies went out: sent, sentAt; each message becomes "replied". */
  'replies.markSent': {
    input: z.strictObject({ ids: z.array(idSchema).min(1).max(1000) }),
    output: z.strictObject({ replies: z.array(replySchema) }),
  },

  'search.query': {
    input: z.strictObject({
      text: z.string().trim().min(1).max(200),
      kinds: z
        .array(z.enum(['note', 'client', 'message']))
        .max(3)
        .optional(),
      clientId: idSchema.optional(),
      limit: z.number().int().min(1).max(100).default(20),
    }),
    output: z.strictObject({ hits: z.array(searchHitSchema) }),
  },

  /** Figures for a period of local dates, computed in the vault; aggregates only. */
  'analytics.summary': { input: analyticsPeriodSchema, output: analyticsSummarySchema },
  /** The same figures as CSV (section, key, measure, value); audited as export.completed. */
  'analytics.exportCsv': { input: analyticsPeriodSchema, output: analyticsCsvSchema },

  /** Team exchange: this vault's public card (keys are made on first use), and the team directory. */
  'exchange.identity': { input: noInput, output: identityOutputSchema },
  'exchange.updateIdentity': {
    input: z.strictObject({
      displayName: z.string().trim().min(1).max(120).optional(),
      role: teamRoleSchema.optional(),
    }),
    output: identityOutputSchema,
  },
  'exchange.directory': { input: noInput, output: z.strictObject({ members: z.array(teamMemberSchema) }) },
  'exchange.addMember': {
    input: z.strictObject({ cardText: z.string().min(1).max(4000) }),
    output: teamMemberSchema,
  },
  /** Marks a member verified once the fingerprint compared in person matches their card. */
  'exchange.verifyMember': {
    input: z.strictObject({ id: idSchema, fingerprint: z.string().min(1).max(100) }),
    output: teamMemberSchema,
  },
  'exchange.removeMember': { input: z.strictObject({ id: idSchema }), output: z.strictObject({}) },
  /** Who would be shared and who is left out (and why), before anything is written. */
  'exchange.previewExport': { input: summarySelectionSchema, output: exportPreviewSchema },
  /** Writes a signed, age-encrypted bundle; progress comes as exchange.progress events. */
  'exchange.exportSummaries': { input: exportSummariesInputSchema, output: exportSummariesOutputSchema },
  'exchange.cancel': { input: noInput, output: z.strictObject({ cancelled: z.boolean() }) },
  /** Decrypts and checks a bundle (signature, every hash) and lists its contents; writes nothing. */
  'exchange.inspect': { input: inspectInputSchema, output: inspectionSchema },
  /** Imports what exchange.inspect showed; the same bundle twice changes nothing. */
  'exchange.accept': { input: acceptInputSchema, output: acceptOutputSchema },
  /** Supervision: replies awaiting review, to a supervisor (team-sharing consent required). */
  'exchange.exportReviewRequests': {
    input: exportReviewRequestsInputSchema,
    output: supervisionExportOutputSchema,
  },
  /** Supervisor side: replies received for review, with any decision taken here. */
  'exchange.reviewRequests': {
    input: noInput,
    output: z.strictObject({ requests: z.array(reviewRequestSchema) }),
  },
  'exchange.decideReview': { input: decideReviewInputSchema, output: reviewRequestSchema },
  /** Decided, unsent reviews back to the colleagues who asked; importing them moves their replies on. */
  'exchange.exportReviewDecisions': {
    input: exportReviewDecisionsInputSchema,
    output: supervisionExportOutputSchema,
  },
  /** Summaries received from colleagues, newest session first; read-only. */
  'exchange.importedSummaries': {
    input: z.strictObject({
      bundleId: z.uuid().optional(),
      limit: z.number().int().min(1).max(500).default(100),
      offset: z.number().int().min(0).default(0),
    }),
    output: z.strictObject({ summaries: z.array(importedSummarySchema), total: z.number().int() }),
  },
  /** Whole-vault transfer: a signed bundle holding an encrypted snapshot of this vault. */
  'exchange.exportVaultTransfer': {
    input: exportVaultTransferInputSchema,
    output: exportVaultTransferOutputSchema,
  },
  /** Decrypts and checks a vault-transfer bundle (no vault needed here); writes nothing. */
  'exchange.inspectVaultTransfer': {
    input: vaultTransferSourceSchema,
    output: vaultTransferInspectionSchema,
  },
  /** Restores a transferred vault here (one already here is moved aside); it starts locked. */
  'exchange.importVaultTransfer': {
    input: importVaultTransferInputSchema,
    output: importVaultTransferOutputSchema,
  },

  /** Writing help: the emotions in a text with their evidence, by the model the core loads once. */
  'writing.analyse': { input: analyseInputSchema, output: emotionAnalysisSchema },
  /** Practice mode: the shipped practice messages (not client data), each with its triage. */
  'practice.list': {
    input: noInput,
    output: z.strictObject({ messages: z.array(practiceMessageViewSchema) }),
  },
  /** Scores a practice reply with the draft coach and keeps it in the vault. */
  'practice.saveAttempt': { input: saveAttemptInputSchema, output: practiceAttemptSchema },
  'practice.progress': { input: noInput, output: practiceProgressSchema },

  /**
   * Host-only: the Electron shell keeps the returned secret in the OS keychain
   * (safeStorage). Pages can never call these; see INTERNAL_METHODS.
   */
  'vault.enableDeviceUnlock': { input: noInput, output: z.strictObject({ deviceSecret: z.base64() }) },
  'vault.disableDeviceUnlock': { input: noInput, output: z.strictObject({}) },
  'vault.unlockWithDevice': {
    input: z.strictObject({ deviceSecret: z.base64().max(100) }),
    output: z.strictObject({ state: vaultStateSchema }),
  },

  'demo.generate': {
    input: z.strictObject({
      clients: z.number().int().min(0).max(100_000),
      messages: z.number().int().min(0).max(1_000_000),
      notes: z.number().int().min(0).max(1_000_000),
      days: z.number().int().min(1).max(3650).default(60),
    }),
    output: z.strictObject({
      auditEntries: z.number().int(),
      clients: z.number().int(),
      consents: z.number().int(),
      notes: z.number().int(),
      messages: z.number().int(),
      days: z.number().int(),
      /** Requested kinds of data this version cannot store yet. */
    }),
  },

  /** Answered by the host (Electron main, or the harness), never the core: OS file dialogs. */
  'os.chooseFolder': {
    input: z.strictObject({ purpose: z.enum(FOLDER_PURPOSES) }),
    output: z.strictObject({ path: z.string().nullable() }),
  },
  'os.chooseFile': {
    input: z.strictObject({ purpose: z.enum(['restore', 'exchange-bundle']) }),
    output: z.strictObject({ path: z.string().nullable() }),
  },
  'os.chooseFiles': {
    input: z.strictObject({ purpose: z.enum(['import-messages']) }),
    output: z.strictObject({ paths: z.array(z.string()).max(200) }),
  },
  /** "Unlock with this device's keychain": answered by the host, which alone can reach the keychain. */
  'device.status': {
    input: noInput,
    output: z.strictObject({
      available: z.boolean(),
      enabled: z.boolean(),
      /** Why it is unavailable, in words for the counsellor. */
      reason: z.string().nullable(),
    }),
  },
  'device.enable': { input: noInput, output: z.strictObject({ enabled: z.boolean() }) },
  'device.disable': { input: noInput, output: z.strictObject({ enabled: z.boolean() }) },
  'device.unlock': { input: noInput, output: z.strictObject({ state: vaultStateSchema }) },
} as const satisfies Record<string, MethodSpec>;

/** Events the core pushes to the UI, with their payloads. */
export const events = {
  'vault.locked': z.strictObject({ reason: lockReasonSchema }),
  'vault.unlocked': z.strictObject({}),
  'backup.progress': z.strictObject({ copiedPages: z.number().int(), totalPages: z.number().int() }),
  /** New triage rules were applied to stored messages in the background (after an update). */
  'messages.retriaged': z.strictObject({
    rulesVersion: z.string(),
    retriaged: z.number().int().nonnegative(),
    changed: z.number().int().nonnegative(),
  }),
  'messages.arrived': z.strictObject({
    count: z.number().int().nonnegative(),
    /** Crisis-tier arrivals: the app alerts the practitioner at once. */
    crisis: z.array(z.string()).default([]),
  }),
  /** During messages.import, at most every 100 ms or 200 items, and once per finished file. */
  'messages.importProgress': importProgressSchema,
  /** During exchange exports and imports, every 100 summaries and at each stage. */
  'exchange.progress': exchangeProgressSchema,
} as const satisfies Record<string, z.ZodType>;

/** Methods the host answers itself; the core never sees them. */
export const HOST_METHODS = [
  'os.chooseFolder',
  'os.chooseFile',
  'os.chooseFiles',
  'device.status',
  'device.enable',
  'device.disable',
  'device.unlock',
] as const satisfies readonly MethodName[];
export type HostMethod = (typeof HOST_METHODS)[number];
export type CoreMethod = Exclude<MethodName, HostMethod>;

/** Core methods only the host may call; a page asking for them is refused. */
export const INTERNAL_METHODS = [
  'vault.enableDeviceUnlock',
  'vault.disableDeviceUnlock',
  'vault.unlockWithDevice',
] as const satisfies readonly CoreMethod[];

export interface MethodSpec {
  input: z.ZodType;
  output: z.ZodType;
}

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;
/** The input as a handler receives it: validated, with defaults filled in. */
export type MethodParams<M extends MethodName> = z.output<Contract[M]['input']>;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}
