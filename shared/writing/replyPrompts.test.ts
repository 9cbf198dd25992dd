import { describe, expect, it } from 'vitest';
import { SAFETY_CHECKLIST_ITEMS } from '../domain/safetyChecklist.std.ts';
import { analyseEmotions } from '../emotions/analyseEmotions.std.ts';
import { parseEmotionModel } from '../emotions/emotionModel.std.ts';
import modelFile from '../emotions/model/emotions-model.json' with { type: 'json' };
import { defaultTriageEngine } from '../triage/defaultEngine.std.ts';
import { buildReplyPrompts, keySentence, PROMPT_GROUPS } from './replyPrompts.std.ts';
import type { ReplyPromptGroup } from './replyPrompts.std.ts';

const model = parseEmotionModel(modelFile);
const engine = defaultTriageEngine();

function promptsFor(messageText: string): ReplyPromptGroup[] {
  return buildReplyPrompts({
    messageText,
    emotions: analyseEmotions(model, messageText),
    triage: engine.triage(messageText),
  });
}

const RISK_MESSAGE =
  "i've saved up my tablets and i'm going to take them all tonight when everyone is asleep. i've written letters for my kids.";
const WORRIED_MESSAGE =
  "I was made redundant last Friday after six years. Rent is due on the 1st and I'm scared we won't make it.";

describe('buildReplyPrompts', () => {
  it('puts every safety checklist item first for a risk message', () => {
    const groups = promptsFor(RISK_MESSAGE);
    expect(groups[0]?.id).toBe('safety');
    expect(groups[0]?.prompts.map((prompt) => prompt.checklistItem)).toEqual(
      SAFETY_CHECKLIST_ITEMS.map((item) => item.id),
    );
    expect(groups[0]?.prompts[0]?.text).toMatch(/suicide|ending your life|killing yourself/);
  });

  it('has no safety group when triage finds no risk, and every other group in order', () => {
    const groups = promptsFor(WORRIED_MESSAGE);
    expect(groups.map((group) => group.id)).toEqual(PROMPT_GROUPS.filter((id) => id !== 'safety'));
    for (const group of groups) {
      expect(group.prompts.length).toBeGreaterThan(0);
      expect(group.why.length).toBeGreaterThan(20);
    }
  });

  it('reflects the feeling the model found, in plain words', () => {
    const reflection = promptsFor(WORRIED_MESSAGE).find((group) => group.id === 'reflection');
    expect(reflection?.prompts.map((prompt) => prompt.text).join(' ')).toMatch(
      /frightened|scared|afraid of what might happen/,
    );
  });

  it('does not reflect the "thank you" of a goodbye note as gratitude', () => {
    const text = `${RISK_MESSAGE} thank you for trying with the jobs stuff`;
    const reflection = promptsFor(text).find((group) => group.id === 'reflection');
    expect(reflection?.prompts.map((prompt) => prompt.text).join(' ')).not.toMatch(
      /grateful|thankful|appreciative/,
    );
    const questions = promptsFor(text).find((group) => group.id === 'open_question');
    expect(questions?.prompts.map((prompt) => prompt.text).join(' ')).not.toMatch(/looking forward/);
  });

  it('gives the same prompts for the same message every time', () => {
    expect(promptsFor(WORRIED_MESSAGE)).toEqual(promptsFor(WORRIED_MESSAGE));
  });

  it('varies the wording between messages instead of one stock phrase', () => {
    const messages = [
      WORRIED_MESSAGE,
      "I'm so scared about tomorrow's interview, I keep shaking.",
      'I am frightened I will never find work again.',
      'Honestly I am terrified of the panel interview on Monday.',
      "I'm scared my visa will run out before I find a sponsor.",
    ];
    const firstReflections = new Set(
      messages.map((text) => promptsFor(text).find((group) => group.id === 'reflection')?.prompts[0]?.text),
    );
    expect(firstReflections.size).toBeGreaterThan(2);
    const immediacy = new Set(
      messages.map((text) =>
        promptsFor(text)
          .find((group) => group.id === 'immediacy')
          ?.prompts.map((prompt) => prompt.text)
          .join('|'),
      ),
    );
    expect(immediacy.size).toBeGreaterThan(1);
  });

  it('falls back to general prompts when the emotions could not be read', () => {
    const groups = buildReplyPrompts({ messageText: WORRIED_MESSAGE, emotions: null, triage: null });
    expect(groups.find((group) => group.id === 'reflection')?.prompts.length).toBeGreaterThan(0);
    expect(groups.some((group) => group.id === 'safety')).toBe(false);
  });
});

describe('keySentence', () => {
  it('quotes the sentence holding the risk evidence', () => {
    const text = 'Thanks for the CV tips. I have saved up my tablets for tonight. See you soon.';
    const triage = engine.triage(text);
    expect(keySentence(text, null, triage.evidence)).toBe('I have saved up my tablets for tonight');
  });
  it('otherwise quotes the most emotional sentence', () => {
    const text = 'I work in a warehouse. I am so scared about losing my home. The rent is £700.';
    expect(keySentence(text, analyseEmotions(model, text))).toBe('I am so scared about losing my home');
  });
  it('shortens a very long sentence at a word', () => {
    const quote = keySentence(`I ${'really '.repeat(40)}want this job.`, null) ?? '';
    expect(quote.length).toBeLessThanOrEqual(181);
    expect(quote.endsWith('…')).toBe(true);
  });
  it('has nothing to quote in an empty message', () => {
    expect(keySentence('   ', null)).toBeNull();
  });
});
