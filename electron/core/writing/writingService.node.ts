/**
 * Writing help in the core: emotion analysis of a text with the shipped model (read once
 * per process and reused), and practice mode (the shipped practice messages with their
 * triage, scored attempts kept in the vault).
 */
import { randomUUID } from 'node:crypto';
import {
  isSafetyChecklistComplete,
  replyNeedsSafetyChecklist,
} from '../../../shared/domain/safetyChecklist.std.ts';
import type { SafetyChecklistItemId } from '../../../shared/domain/safetyChecklist.std.ts';
import { analyseEmotions } from '../../../shared/emotions/analyseEmotions.std.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import type {
  EmotionAnalysisResult,
  PracticeAttempt,
  PracticeMessageView,
  PracticeProgress,
} from '../../../shared/rpc/writingSchemas.std.ts';
import { defaultTriageEngine } from '../../../shared/triage/defaultEngine.std.ts';
import { coachDraft } from '../../../shared/writing/draftCoach.std.ts';
import { practiceMessages } from '../../../shared/writing/practice/practiceMessages.std.ts';
import { scorePractice } from '../../../shared/writing/practiceScore.std.ts';
import { shippedEmotionModel } from '../emotions/shippedEmotionModel.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { insertAttempt, listRecentAttempts, progressByMessage, countAttempts } from './practiceStore.node.ts';

/** How many recent attempts the progress view gets. */
const RECENT_ATTEMPTS = 20;

export interface WritingServiceOptions {
  now?: () => Date;
}

export function createWritingService(options: WritingServiceOptions = {}) {
  const now = options.now ?? (() => new Date());
  let practiceViews: PracticeMessageView[] | null = null;

  function analyse(text: string): EmotionAnalysisResult {
    const { labels, scores, ekman, sentiment, evidence } = analyseEmotions(shippedEmotionModel(), text);
    return { labels, scores, ekman, sentiment, evidence };
  }

  /** The practice messages with their triage; computed once, they never change while running. */
  function listPractice(): PracticeMessageView[] {
    practiceViews ??= practiceMessages().map((message) => {
      const triage = defaultTriageEngine().triage(message.text);
      return {
        id: message.id,
        title: message.title,
        context: message.context,
        channel: message.channel,
        text: message.text,
        triage,
        needsSafetyChecklist: replyNeedsSafetyChecklist(triage),
      };
    });
    return practiceViews;
  }

  /**
   * Scores a reply with the same coach the page shows and keeps it. As with a real reply,
   * a risk message's attempt needs the safety checklist complete.
   */
  function saveAttempt(
    db: VaultDatabase,
    input: {
      messageId: string;
      reply: string;
      checklist: Partial<Record<SafetyChecklistItemId, boolean>> | null;
    },
  ): PracticeAttempt {
    const message = listPractice().find((candidate) => candidate.id === input.messageId);
    if (message === undefined) {
      throw new RpcError({ code: 'NOT_FOUND', message: 'There is no practice message with that id.' });
    }
    if (message.needsSafetyChecklist && !isSafetyChecklistComplete(input.checklist)) {
      throw new RpcError({
        code: 'INVALID_INPUT',
        field: 'checklist',
        message: 'This practice message shows risk: complete the safety checklist before saving the attempt.',
      });
    }
    const results = coachDraft({
      clientText: message.text,
      draft: input.reply,
      clientEmotions: analyse(message.text),
      draftEmotions: analyse(input.reply),
      triage: message.triage,
    });
    const score = scorePractice(results);
    const attempt: PracticeAttempt = {
      id: randomUUID(),
      messageId: message.id,
      attemptedAt: now().toISOString(),
      total: score.total,
      checks: score.checks,
      scoringVersion: score.scoringVersion,
    };
    insertAttempt(db, attempt, input.reply);
    return attempt;
  }

  function progress(db: VaultDatabase): PracticeProgress {
    return {
      messages: progressByMessage(db),
      recent: listRecentAttempts(db, RECENT_ATTEMPTS),
      totalAttempts: countAttempts(db),
    };
  }

  return { analyse, listPractice, saveAttempt, progress };
}

export type WritingService = ReturnType<typeof createWritingService>;
