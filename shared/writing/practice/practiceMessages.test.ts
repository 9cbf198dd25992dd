import { describe, expect, it } from 'vitest';
import { replyNeedsSafetyChecklist } from '../../domain/safetyChecklist.std.ts';
import { TIER_RANK } from '../../triage/rulesSchema.std.ts';
import { defaultTriageEngine } from '../../triage/defaultEngine.std.ts';
import practiceFile from './practiceMessages.json' with { type: 'json' };
import { practiceFileSchema, practiceMessages } from './practiceMessages.std.ts';

const engine = defaultTriageEngine();

describe('practice messages', () => {
  it('are valid, at least 24, in both contexts, with unique ids', () => {
    const messages = practiceMessages();
    expect(messages.length).toBeGreaterThanOrEqual(24);
    expect(new Set(messages.map((message) => message.context))).toEqual(
      new Set(['career_guidance', 'distance_counselling']),
    );
  });

  it('cover every risk level from routine to crisis, with a few needing the safety checklist', () => {
    const messages = practiceMessages();
    expect(new Set(messages.map((message) => message.risk))).toEqual(
      new Set(['routine', 'priority', 'urgent', 'crisis']),
    );
    const needing = messages.filter((message) => replyNeedsSafetyChecklist(engine.triage(message.text)));
    expect(needing.length).toBeGreaterThanOrEqual(4);
    expect(needing.length).toBeLessThan(messages.length / 2);
  });

  it('fall on the side of the urgent line their author meant, and crisis ones are crisis', () => {
    for (const message of practiceMessages()) {
      const tier = engine.triage(message.text).tier;
      const meantUrgent = TIER_RANK[message.risk] >= TIER_RANK.urgent;
      expect({ id: message.id, urgentOrAbove: TIER_RANK[tier] >= TIER_RANK.urgent }).toEqual({
        id: message.id,
        urgentOrAbove: meantUrgent,
      });
      if (message.risk === 'crisis')
        expect({ id: message.id, tier }).toEqual({ id: message.id, tier: 'crisis' });
    }
  });

  it('refuse a file with a duplicate id or a missing field', () => {
    const [first] = practiceFile.messages;
    const duplicated = { ...practiceFile, messages: [...practiceFile.messages, first] };
    expect(practiceFileSchema.safeParse(duplicated).success).toBe(false);
    const { text: _text, ...withoutText } = first!;
    const missing = { ...practiceFile, messages: [withoutText, ...practiceFile.messages.slice(1)] };
    expect(practiceFileSchema.safeParse(missing).success).toBe(false);
  });
});
