import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EMOTION_MODEL_PATH, loadEmotionModel, readEmotionModel } from './emotionModelFile.node.ts';

describe('the emotion model file', () => {
  it('is under 5 MB', () => {
    expect(statSync(EMOTION_MODEL_PATH).size).toBeLessThan(5 * 1024 * 1024);
  });

  it('is read once per process', () => {
    expect(loadEmotionModel()).toBe(loadEmotionModel());
    expect(readEmotionModel().modelVersion).toBe(loadEmotionModel().modelVersion);
  });
});
