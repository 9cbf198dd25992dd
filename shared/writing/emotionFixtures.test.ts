import { describe, expect, it } from 'vitest';
import { analyseEmotions } from '../emotions/analyseEmotions.std.ts';
import { parseEmotionModel } from '../emotions/emotionModel.std.ts';
import modelFile from '../emotions/model/emotions-model.json' with { type: 'json' };

/**
 * Fixed predictions of the committed emotion model on counselling sentences: the writing
 * tools are built on them, so a retrained model that changes them must be looked at here.
 */
const model = parseEmotionModel(modelFile);

const FIXTURES: { text: string; top: string; ekman: string; sentiment: string; evidence: string }[] = [
  {
    text: "I got made redundant last week and I'm scared we won't make rent.",
    top: 'fear',
    ekman: 'fear',
    sentiment: 'negative',
    evidence: 'scared',
  },
  {
    text: 'Thanks so much for the CV tips, I got the interview!',
    top: 'gratitude',
    ekman: 'joy',
    sentiment: 'positive',
    evidence: 'Thanks',
  },
  {
    text: 'My parents want me to do medicine but I hate biology.',
    top: 'anger',
    ekman: 'anger',
    sentiment: 'negative',
    evidence: 'hate',
  },
  {
    text: 'I failed the exam again and I feel so sad and ashamed.',
    top: 'sadness',
    ekman: 'sadness',
    sentiment: 'negative',
    evidence: 'sad',
  },
  {
    text: "I'm so proud of myself, I was promoted today!",
    top: 'pride',
    ekman: 'joy',
    sentiment: 'positive',
    evidence: 'proud',
  },
  {
    text: 'I am confused about which course to pick.',
    top: 'confusion',
    ekman: 'surprise',
    sentiment: 'ambiguous',
    evidence: 'confused',
  },
];

function topLabel(labels: string[], scores: Record<string, number>): string | undefined {
  return [...labels].sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0))[0];
}

describe('emotion model on counselling sentences', () => {
  it.each(FIXTURES)('"$text" reads as $top', ({ text, top, ekman, sentiment, evidence }) => {
    const analysis = analyseEmotions(model, text);
    expect(topLabel(analysis.labels, analysis.scores)).toBe(top);
    expect(analysis.ekman).toContain(ekman);
    expect(analysis.sentiment).toBe(sentiment);
    expect(analysis.evidence.filter((span) => span.label === top).map((span) => span.text)).toContain(
      evidence,
    );
  });
});
