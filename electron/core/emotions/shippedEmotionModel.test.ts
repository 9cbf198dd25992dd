import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyseEmotions } from '../../../shared/emotions/analyseEmotions.std.ts';
import { parseEmotionModel } from '../../../shared/emotions/emotionModel.std.ts';
import { shippedEmotionModel, shippedEmotionModelFile } from './shippedEmotionModel.node.ts';

describe('the shipped emotion model', () => {
  it('is a file under 5 MB', () => {
    const file = fileURLToPath(
      new URL('../../../shared/emotions/model/emotions-model.json', import.meta.url),
    );
    expect(statSync(file).size).toBeLessThan(5 * 1024 * 1024);
  });

  it('is decoded once per process and scores text', () => {
    const model = shippedEmotionModel();
    expect(shippedEmotionModel()).toBe(model);
    expect(parseEmotionModel(shippedEmotionModelFile).modelVersion).toBe(model.modelVersion);
    expect(analyseEmotions(model, 'Thank you so much, this really helped').labels).toContain('gratitude');
  });
});
