import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import rules from './rules/triage-rules.json' with { type: 'json' };
import {
  RiskModelError,
  expansionsFingerprint,
  forEachFeature,
  parseRiskModel,
  scoreRisk,
} from './riskModel.std.ts';
import type { RiskFeatureSettings } from './riskModel.std.ts';
import { developmentCorpora } from './testing/developmentCorpora.node.ts';
import { tokenise } from './tokenise.std.ts';

const modelUrl = new URL('./model/risk-model.json', import.meta.url);
const metricsUrl = new URL('./model/risk-model-metrics.json', import.meta.url);
const modelJson: unknown = JSON.parse(readFileSync(modelUrl, 'utf8'));
const model = parseRiskModel(modelJson);
const expansions = new Map(Object.entries(rules.expansions as Record<string, string[]>));
const score = (text: string) => scoreRisk(model, tokenise(text, expansions), text);

describe('the shipped risk model', () => {
  it('loads, stays under 1 MB and has sane thresholds', () => {
    expect(statSync(modelUrl).size).toBeLessThan(1_000_000);
    expect(model.vocabulary.length).toBeGreaterThan(1000);
    expect(model.risk.threshold).toBeGreaterThan(0);
    expect(model.risk.threshold).toBeLessThan(1);
    expect(model.crisis).not.toBeNull();
    expect(model.risk.operatingPoints.map((point) => point.recall)).toContain(0.9);
  });

  it('was trained with the expansions the rules use now (retrain when they change)', () => {
    expect(model.expansionsFingerprint).toBe(expansionsFingerprint(expansions));
  });

  it('matches its metrics file', () => {
    const metrics = JSON.parse(readFileSync(metricsUrl, 'utf8')) as {
      modelVersion: string;
      leaveOneWriterOut: { heldOut: string }[];
      finalModel: { thresholds: { recall: number; risk: number; crisis: number }[] };
      chosenTargetRecall: number;
    };
    expect(metrics.modelVersion).toBe(model.modelVersion);
    // One fold per development corpus (each has its own writer): retrain after adding one.
    expect(metrics.leaveOneWriterOut.map((fold) => fold.heldOut).sort()).toEqual(developmentCorpora());
    const chosen = metrics.finalModel.thresholds.find((t) => t.recall === metrics.chosenTargetRecall);
    expect(chosen?.risk).toBe(model.risk.threshold);
    expect(chosen?.crisis).toBe(model.crisis?.threshold);
  });

  it.each([
    'I have a plan and I am going to end my life tonight',
    'my flatmate said she is taking all her pills tonight',
    'Some days I wish I just would not wake up',
    "I'm not going to do anything tonight but I have the pills ready for when mum leaves on Sunday",
  ])('flags a clear crisis or urgent message: %s', (text) => {
    const result = score(text);
    expect(result.flagged).toBe(true);
    expect(result.probability).toBeGreaterThan(model.risk.threshold);
    expect(result.evidence.length).toBeGreaterThan(0);
  });

  it.each([
    'Could I book an appointment to go over my CV?',
    'ok thanks 👍',
    'What time is my appointment tomorrow?',
    'I want to work in suicide prevention, what do I need?',
    'this job search is killing me',
  ])('leaves a routine message alone: %s', (text) => {
    expect(score(text).flagged).toBe(false);
  });

  it('scores the same text the same way every time', () => {
    const text = 'cut myself again last night';
    expect(score(text)).toEqual(score(text));
  });
});

describe('evidence', () => {
  it.each([
    'Héllo 😭 I WANT TO DIE… honestly. ñ I have 40 paracetamol lined up tonight',
    'Ｉ ＷＡＮＴ ＴＯ ＤＩＥ tonight',
    'idk anymore im gonna kms tonight, he took my keys',
    'ﬁne\u0301 I have the pills 💊 and im going tonight',
  ])('spans slice the original text exactly: %s', (text) => {
    const result = score(text);
    expect(result.evidence.length).toBeGreaterThan(0);
    for (const item of result.evidence) {
      expect(text.slice(item.start, item.end)).toBe(item.text);
      expect(item.weight).toBeGreaterThan(0);
    }
    const weights = result.evidence.map((item) => item.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
  });
});

describe('robustness and cost', () => {
  it('handles empty and symbol-only text', () => {
    for (const text of ['', '   ', '🙂🙂🙂 ... !!!']) {
      const result = score(text);
      expect(result.probability).toBeGreaterThanOrEqual(0);
      expect(result.probability).toBeLessThanOrEqual(1);
      expect(result.flagged).toBe(false);
      expect(result.evidence.every((item) => text.slice(item.start, item.end) === item.text)).toBe(true);
    }
    expect(score('').evidence).toEqual([]);
  });

  it('handles 100k characters with bounded evidence', () => {
    const text = `${'I keep applying for jobs and hearing nothing back. '.repeat(2000)}I have the pills ready tonight.`;
    expect(text.length).toBeGreaterThan(100_000);
    const result = score(text);
    expect(Number.isFinite(result.probability)).toBe(true);
    expect(result.evidence.length).toBeLessThanOrEqual(18);
    for (const item of result.evidence) expect(text.slice(item.start, item.end)).toBe(item.text);
  });

  it('costs grow linearly with text length', () => {
    const unit = 'My interview is on Thursday and this job search is killing me, any tips? ';
    // The fastest of several runs, so a busy machine does not fail the test.
    const time = (repeats: number) => {
      const text = unit.repeat(repeats);
      const tokens = tokenise(text, expansions);
      let fastest = Infinity;
      for (let i = 0; i < 7; i++) {
        const start = performance.now();
        scoreRisk(model, tokens, text);
        fastest = Math.min(fastest, performance.now() - start);
      }
      return fastest;
    };
    time(100);
    const small = time(200);
    const large = time(1600);
    // Eight times the text should cost about eight times as much; quadratic would be 64.
    expect(large / small).toBeLessThan(24);
  });
});

describe('features and the file format', () => {
  const settings: RiskFeatureSettings = {
    bigrams: true,
    negation: { cues: ['not', 'never'], scope: 2 },
    normalise: 'l2',
  };
  const features = (text: string) => {
    const found: string[] = [];
    forEachFeature(tokenise(text, expansions), settings, (feature) => found.push(feature));
    return found;
  };

  it('marks words after a negation within its clause, and pairs words within a clause', () => {
    expect(features("I'm not safe, tonight")).toEqual([
      'i',
      'am',
      'i am',
      'not',
      'am not',
      'not_safe',
      'not safe',
      'tonight',
    ]);
  });

  const valid = {
    formatVersion: 1,
    modelVersion: 'test',
    features: settings,
    expansionsFingerprint: '00000000',
    vocabulary: ['pills', 'tonight', 'pills tonight'],
    heads: { risk: { bias: -2, weights: [1.5, 1, 2], threshold: 0.5, operatingPoints: [] } },
    training: {},
  };

  it('scores a small hand-made model as logistic regression', () => {
    const tiny = parseRiskModel(valid);
    const text = 'Pills tonight';
    const result = scoreRisk(tiny, tokenise(text, expansions), text);
    // Three features present, each worth 1/sqrt(3).
    expect(result.probability).toBeCloseTo(1 / (1 + Math.exp(-(-2 + 4.5 / Math.sqrt(3)))), 10);
    expect(result.crisisProbability).toBeUndefined();
    expect(result.evidence.map((item) => item.text)).toEqual(['Pills tonight', 'Pills', 'tonight']);
  });

  it('refuses a malformed file with a clear error', () => {
    expect(() => parseRiskModel({ ...valid, formatVersion: 2 })).toThrow(RiskModelError);
    expect(() =>
      parseRiskModel({
        ...valid,
        heads: { risk: { ...valid.heads.risk, weights: [1] } },
      }),
    ).toThrow(/one weight per vocabulary entry/);
    expect(() => parseRiskModel({ ...valid, vocabulary: ['a', 'a', 'b'] })).toThrow(/duplicates/);
  });
});
