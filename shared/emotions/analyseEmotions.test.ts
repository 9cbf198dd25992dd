import { describe, expect, it } from 'vitest';
import { analyseEmotions, groupProbabilities, scoreText } from './analyseEmotions.std.ts';
import type { Grouping } from './emotionModel.std.ts';
import { EmotionModelError, parseEmotionModel, SENTIMENTS } from './emotionModel.std.ts';
import { featureOccurrences } from './features.std.ts';
import { tokenise } from './tokenise.std.ts';
import metrics from './model/metrics.json' with { type: 'json' };
import modelFile from './model/emotions-model.json' with { type: 'json' };

const model = parseEmotionModel(modelFile);

/** Ekman's groups as published with GoEmotions (ekman-mapping.json), plus neutral. */
const EKMAN_MAPPING: Record<string, string[]> = {
  anger: ['anger', 'annoyance', 'disapproval'],
  disgust: ['disgust'],
  fear: ['fear', 'nervousness'],
  joy: [
    'joy',
    'amusement',
    'approval',
    'excitement',
    'gratitude',
    'love',
    'optimism',
    'relief',
    'pride',
    'admiration',
    'desire',
    'caring',
  ],
  sadness: ['sadness', 'disappointment', 'embarrassment', 'grief', 'remorse'],
  surprise: ['surprise', 'realization', 'confusion', 'curiosity'],
  neutral: ['neutral'],
};

const FIXTURES: { text: string; label: string; ekman: string; sentiment: string }[] = [
  { text: 'Thank you so much, this really helped', label: 'gratitude', ekman: 'joy', sentiment: 'positive' },
  { text: "I'm so scared about tomorrow's interview", label: 'fear', ekman: 'fear', sentiment: 'negative' },
  { text: 'This is hilarious 😂', label: 'amusement', ekman: 'joy', sentiment: 'positive' },
  { text: 'I am so angry that they lied to me', label: 'anger', ekman: 'anger', sentiment: 'negative' },
  { text: 'I am so sorry, that was my fault', label: 'remorse', ekman: 'sadness', sentiment: 'negative' },
  { text: 'Why would anyone do that?', label: 'curiosity', ekman: 'surprise', sentiment: 'ambiguous' },
  { text: 'I love this so much ❤️', label: 'love', ekman: 'joy', sentiment: 'positive' },
  { text: 'I hope it goes well tomorrow', label: 'optimism', ekman: 'joy', sentiment: 'positive' },
  { text: 'That is disgusting.', label: 'disgust', ekman: 'disgust', sentiment: 'negative' },
  { text: 'I have a meeting at 3pm on Tuesday.', label: 'neutral', ekman: 'neutral', sentiment: 'neutral' },
];

/** The most probable of the labels that reached their thresholds. */
function topDetected({
  labels,
  scores,
}: {
  labels: string[];
  scores: Record<string, number>;
}): string | undefined {
  return [...labels].sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0))[0];
}

describe('analyseEmotions', () => {
  it.each(FIXTURES)('reads "$text" as $label', ({ text, label, ekman, sentiment }) => {
    const analysis = analyseEmotions(model, text);
    expect(topDetected(analysis)).toBe(label);
    expect(analysis.ekman).toContain(ekman);
    expect(analysis.sentiment).toBe(sentiment);
    expect(analysis.modelVersion).toBe(metrics.modelVersion);
  });

  it('scores every label as a probability and only names labels the model has', () => {
    const analysis = analyseEmotions(model, 'Wow, I did not expect that at all!');
    expect(Object.keys(analysis.scores)).toEqual(model.labels);
    for (const score of Object.values(analysis.scores)) expect(score).toBeGreaterThanOrEqual(0);
    for (const score of Object.values(analysis.scores)) expect(score).toBeLessThanOrEqual(1);
    for (const label of analysis.labels) expect(model.labels).toContain(label);
    for (const group of analysis.ekman) expect(Object.keys(EKMAN_MAPPING)).toContain(group);
  });

  it('gives evidence whose spans slice the original text exactly', () => {
    const texts = [
      ...FIXTURES.map((fixture) => fixture.text),
      'ＴＨＡＮＫ  ＹＯＵ sooooo much 🙏🏽🙏🏽, I’m not scared anymore!!!',
      'Café naïve 😂 ... thank\nyou',
    ];
    for (const text of texts) {
      const analysis = analyseEmotions(model, text);
      for (const evidence of analysis.evidence) {
        expect(text.slice(evidence.start, evidence.end)).toBe(evidence.text);
        expect(analysis.labels).toContain(evidence.label);
        expect(evidence.weight).toBeGreaterThan(0);
      }
    }
    const gratitude = analyseEmotions(model, 'Thank you so much, this really helped').evidence;
    expect(gratitude[0]).toMatchObject({ text: 'Thank', label: 'gratitude', start: 0, end: 5 });
    expect(gratitude.map((evidence) => evidence.text)).toContain('Thank you');
  });

  it('credits character n-grams and shape to whole words: evidence is always a word or a pair of words', () => {
    const text = "I'm soooo SCARED, terrified really, and not scared of the interviewers";
    const tokens = tokenise(text);
    const wordSpans = new Set(tokens.map((token) => `${token.start}:${token.end}`));
    tokens.forEach((token, i) => {
      const next = tokens[i + 1];
      if (next) wordSpans.add(`${token.start}:${next.end}`);
    });
    const analysis = analyseEmotions(model, text);
    expect(analysis.labels).toContain('fear');
    expect(analysis.evidence.length).toBeGreaterThan(0);
    for (const evidence of analysis.evidence)
      expect(wordSpans).toContain(`${evidence.start}:${evidence.end}`);
    expect(analysis.evidence.filter((e) => e.label === 'fear').map((e) => e.text)).toContain('SCARED');
  });

  it('scores exactly the features that training extracts', () => {
    for (const text of [
      ...FIXTURES.map((fixture) => fixture.text),
      'ＴＨＡＮＫ  ＹＯＵ sooooo much 🙏🏽🙏🏽, I’m not scared anymore!!! not scared, scared',
      '',
    ]) {
      const expected = new Map<number, number>();
      for (const { feature, value } of featureOccurrences(text, model.features)) {
        const row = model.featureRows.get(feature);
        if (row !== undefined) expected.set(row, value);
      }
      const { rows } = scoreText(model, text);
      expect(new Map([...rows].map(([row, { value }]) => [row, value]))).toEqual(expected);
    }
  });

  it('handles empty and whitespace-only text', () => {
    for (const text of ['', '   \n\t ', '...!?']) {
      const analysis = analyseEmotions(model, text);
      expect(analysis.labels.length).toBeGreaterThan(0);
      expect(analysis.ekman.length).toBeGreaterThan(0);
      expect(SENTIMENTS).toContain(analysis.sentiment);
    }
    expect(analyseEmotions(model, '').evidence).toEqual([]);
  });

  it('handles 100k characters of mixed Unicode quickly', () => {
    const piece = "I'm so worried 😟 about the move — ça va? 日本語 テキスト \ud83d ok! ";
    const text = piece.repeat(Math.ceil(100_000 / piece.length)).slice(0, 100_000);
    const started = performance.now();
    const analysis = analyseEmotions(model, text);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(analysis.labels.length).toBeGreaterThan(0);
    expect(analysis.evidence.length).toBeLessThanOrEqual(model.labels.length * 15);
    for (const evidence of analysis.evidence)
      expect(text.slice(evidence.start, evidence.end)).toBe(evidence.text);
  });
});

describe('the committed model', () => {
  it('is under 5 MB and matches its metrics', () => {
    const bytes = new TextEncoder().encode(JSON.stringify(modelFile)).length;
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
    expect(modelFile.modelVersion).toBe(metrics.modelVersion);
    expect(modelFile.vocabulary.length).toBe(metrics.vocabularySize);
    expect(Object.keys(modelFile.thresholds)).toEqual(metrics.perLabel.map((label) => label.name));
  });

  it('groups labels as the GoEmotions mapping does: Ekman and sentiment each cover every label once', () => {
    expect(modelFile.ekman.members).toEqual(EKMAN_MAPPING);
    for (const grouping of [modelFile.ekman.members, modelFile.sentiment.members]) {
      const members = Object.values(grouping).flat();
      expect([...members].sort()).toEqual([...model.labels].sort());
    }
    expect(Object.keys(modelFile.sentiment.members)).toEqual([...SENTIMENTS]);
  });

  it('rejects a file of the wrong shape', () => {
    expect(() => parseEmotionModel({ ...modelFile, formatVersion: 99 })).toThrow(EmotionModelError);
    expect(() => parseEmotionModel({ ...modelFile, biases: [] })).toThrow(EmotionModelError);
    expect(() => parseEmotionModel(null)).toThrow(EmotionModelError);
  });
});

describe('groupProbabilities', () => {
  const grouping = (scoring: Grouping['scoring']): Grouping => ({
    names: ['a', 'b'],
    scoring,
    memberLabels: [[0, 1], [2]],
    headColumns: [3, 4],
    headWeight: 0.25,
    thresholds: new Float64Array([0.5, 0.5]),
  });
  const labels = new Float64Array([0.5, 0.2, 0.9]);
  const heads = new Float64Array([0.5, 0.2, 0.9, 0.3, 0.7]);

  it('takes the most likely member, the noisy-or of members, the group head, or a blend', () => {
    expect([...groupProbabilities(grouping('max'), labels, heads)]).toEqual([0.5, 0.9]);
    const noisyOr = [...groupProbabilities(grouping('noisyOr'), labels, heads)];
    expect(noisyOr[0]).toBeCloseTo(0.6);
    expect(noisyOr[1]).toBeCloseTo(0.9);
    expect([...groupProbabilities(grouping('head'), labels, heads)]).toEqual([0.3, 0.7]);
    const blend = [...groupProbabilities(grouping('blend'), labels, heads)];
    expect(blend[0]).toBeCloseTo(0.25 * 0.3 + 0.75 * 0.6);
    expect(blend[1]).toBeCloseTo(0.25 * 0.7 + 0.75 * 0.9);
  });
});
